namespace Router.Client.Http;

/// <summary>The router's answer to a registration.</summary>
internal sealed record RegisterInstanceResponse(string InstanceId, int LeaseTtlSeconds, int HeartbeatIntervalSeconds);
