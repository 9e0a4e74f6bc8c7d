namespace Router.Client;

/// <summary>How a registered server keeps its registration alive.</summary>
public enum McpRouterLeaseMode
{
    /// <summary>
    /// By heartbeats: a <c>PUT …/heartbeat</c> every <see cref="McpRouterRegistrationOptions.HeartbeatInterval"/>. The
    /// router expires the instance after three missed intervals.
    /// </summary>
    Heartbeat,

    /// <summary>
    /// By a connection lease: a long-lived <c>GET …/lease</c> event stream. No heartbeats are sent while it is open, and
    /// the router sees its close at once.
    /// </summary>
    Connection,
}
