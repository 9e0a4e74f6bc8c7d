using Router.Abstractions.Grains;

namespace Router.Abstractions.Registry;

/// <summary>
/// The registry of one MCP server (key: its <c>mcp_id</c>): its instances, their leases and states. Every
/// state change is persisted together with its event in the durable event log.
/// </summary>
public interface IConnectionRegistryGrain : IGrainWithStringKey
{
    /// <summary>Registers an instance, or updates it when its id is already registered (idempotent).</summary>
    Task<RegistrationResult> RegisterAsync(InstanceRegistration registration);

    /// <summary>Renews an instance's heartbeat lease. False when the instance is unknown: it must register again.</summary>
    Task<bool> HeartbeatAsync(string instanceId, InstanceLoad? load);

    /// <summary>
    /// Opens a connection lease: while it is open the instance needs no heartbeats. Returns the lease token,
    /// or null when the instance is unknown. A new lease replaces an open one.
    /// </summary>
    Task<string?> OpenLeaseAsync(string instanceId);

    /// <summary>Closes a connection lease: the instance is disconnected at once. A stale token does nothing.</summary>
    Task CloseLeaseAsync(string instanceId, string leaseToken);

    /// <summary>
    /// Releases a connection lease without disconnecting the instance, because the router node holding it is
    /// shutting down: the instance keeps its registration for one lease TTL, time to reconnect or heartbeat.
    /// A stale token does nothing.
    /// </summary>
    Task ReleaseLeaseAsync(string instanceId, string leaseToken);

    /// <summary>Puts an instance in the draining state. False when the instance is unknown.</summary>
    Task<bool> DrainAsync(string instanceId);

    /// <summary>
    /// A passive health signal: a router could not reach the instance (its circuit opened). An instance on heartbeats that
    /// is registered or healthy turns unhealthy at once (<c>instance.unhealthy</c>), and its next heartbeat makes it healthy
    /// again; an instance holding a connection lease is alive by definition and keeps its status. False when unknown.
    /// </summary>
    Task<bool> ReportUnreachableAsync(string instanceId);

    /// <summary>Removes an instance. False when the instance is unknown.</summary>
    Task<bool> DeregisterAsync(string instanceId);

    /// <summary>The server's current instances.</summary>
    [ReadOnly]
    Task<ServerView> GetAsync();
}
