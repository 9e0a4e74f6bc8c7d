namespace Router.Gateway.Registry;

/// <summary>The data of the <c>lease</c> event that opens a connection lease.</summary>
internal sealed record LeaseGrant(string InstanceId, int KeepAliveSeconds);
