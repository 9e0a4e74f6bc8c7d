namespace Router.Gateway.Registry;

/// <summary>The answer to a registration.</summary>
internal sealed record RegisterInstanceResponse(string InstanceId, int LeaseTtlSeconds, int HeartbeatIntervalSeconds);
