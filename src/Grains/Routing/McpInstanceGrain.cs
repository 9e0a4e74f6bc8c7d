using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Router.Abstractions.Events;
using Router.Abstractions.Grains;
using Router.Abstractions.Registry;
using Router.Abstractions.Routing;
using Router.Grains.Upstream;

namespace Router.Grains.Routing;

/// <summary>
/// One version of one MCP server (key <c>mcp_id/version</c>): a shared <see cref="UpstreamPool"/> to that version's routable
/// replicas, the version's tool catalog, and an upstream session of their own for the agent sessions that need one. One
/// reentrant worker per node, so every agent on the node shares the pool's sessions and a slow upstream call does not hold
/// up the others (the pool is thread-safe).
/// </summary>
/// <remarks>
/// Replicas come from the node's routing table (<see cref="IMcpRoutingTable"/>; the registry grain where a node has none),
/// which the node pushes changes from (<see cref="RefreshAsync"/>, called when it has applied the server's events); as a
/// fallback the replica list is also re-read when it is older than <see cref="RefreshInterval"/> at the start of a call.
/// Idle instances are collected after five minutes (<c>Router:Silo:ClassSpecificCollectionAge:mcpinstance</c> changes it)
/// unless an agent session is attached.
/// </remarks>
[StatelessWorker(1)]
[Reentrant]
[CollectionAgeLimit(Minutes = 5)]
internal sealed partial class McpInstanceGrain(
    ILoggerFactory loggerFactory,
    IMcpAgentChannels? agents = null,
    IEventPublisher? events = null,
    IMcpInstanceActivity? activity = null,
    IMcpRoutingTable? routingTable = null)
    : Grain, IMcpInstanceGrain
{
    /// <summary>How old the replica list may get before a call re-reads it (registry events refresh it sooner).</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    // Pooled sessions speak the newest revision with sessions (every current server offers it), whose plain requests the
    // pool posts directly (DirectPost); agents still speak whatever they negotiate with the router.

    /// <summary>Below the silo's 30-second grain response timeout, so an upstream timeout is reported as one.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(25);

    private readonly ILogger _logger = loggerFactory.CreateLogger<McpInstanceGrain>();
    private readonly ConcurrentDictionary<string, AttachedAgent> _attached = new(StringComparer.Ordinal);
    private UpstreamPool? _pool;
    private Task<int>? _refreshing;
    private DateTimeOffset _refreshedAt;
    private IDisposable? _pin;

    private McpVersionKey Key => McpVersionKey.Parse(GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _pool = new UpstreamPool(
            new UpstreamOptions { CallTimeout = CallTimeout, ProtocolVersion = DirectPost.LastSessionRevision }, TimeProvider, loggerFactory, OnReplicaHealthChanged, OnPooledNotificationAsync);
        // Announced before the first read: a registry change applied between the read and the announcement would
        // otherwise never be pushed here (until the periodic refresh).
        activity?.Activated(Key);
        var replicas = await RefreshReplicasAsync();
        RoutingLog.Activated(_logger, GetPrimaryKeyString(), replicas);
        await PublishAsync(RoutingEventTypes.ActivationActivated, "replicas", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        activity?.Deactivated(Key);
        foreach (var agent in _attached.Values)
        {
            await agent.DisposeAsync();
        }

        _attached.Clear();
        _pin?.Dispose();
        _pin = null;
        if (_pool is { } pool)
        {
            _pool = null;
            await pool.DisposeAsync();
        }

        await PublishAsync(RoutingEventTypes.ActivationDeactivated, "reason", reason.ToString());
    }

    public async Task RefreshAsync()
    {
        InvalidateCatalog();
        await RefreshReplicasAsync();
    }

    private async ValueTask<UpstreamPool> PoolAsync()
    {
        if (TimeProvider.GetUtcNow() - _refreshedAt >= RefreshInterval)
        {
            await RefreshReplicasAsync();
        }

        return _pool ?? throw new InvalidOperationException("The MCP instance grain is not active.");
    }

    /// <summary>Re-reads the routable replicas; concurrent callers (the grain is reentrant) share one read.</summary>
    private async Task<int> RefreshReplicasAsync()
    {
        _refreshing ??= ReadReplicasAsync();
        try
        {
            return await _refreshing;
        }
        finally
        {
            _refreshing = null;
        }
    }

    private async Task<int> ReadReplicasAsync()
    {
        var key = Key;
        try
        {
            var instances = routingTable?.InstancesOf(key.McpId)
                ?? (await GrainFactory.GetGrain<IConnectionRegistryGrain>(key.McpId).GetAsync()).Instances;
            var replicas = instances
                .Where(i => string.Equals(i.Version, key.Version, StringComparison.Ordinal) && McpVersions.IsRoutable(i.Status))
                .Select(ToReplica)
                .OfType<UpstreamReplica>()
                .ToList();
            _pool?.UpdateReplicas(replicas);
            _refreshedAt = TimeProvider.GetUtcNow();
            RoutingLog.ReplicasRefreshed(_logger, GetPrimaryKeyString(), replicas.Count);
            return replicas.Count;
        }
        catch (Exception e) when (e is GrainCallTimeoutException or InvalidOperationException)
        {
            // Keep routing to the replicas already known; the next call tries the registry again.
            RoutingLog.RefreshFailed(_logger, GetPrimaryKeyString(), e);
            return _pool?.GetStatus().Count ?? 0;
        }
    }

    /// <summary>Passive health: a replica whose circuit opened is reported to the registry (from outside the grain's turns).</summary>
    private void OnReplicaHealthChanged(string instanceId, bool healthy)
    {
        if (!healthy)
        {
            _ = ReportUnreachableAsync(Key.McpId, instanceId);
        }
    }

    private async Task ReportUnreachableAsync(string mcpId, string instanceId)
    {
        try
        {
            await GrainFactory.GetGrain<IConnectionRegistryGrain>(mcpId).ReportUnreachableAsync(instanceId);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            RoutingLog.ReportFailed(_logger, instanceId, GetPrimaryKeyString(), e);
        }
    }

    private async Task PublishAsync(string type, string property, string value)
    {
        if (events is null)
        {
            return;
        }

        var key = Key;
        var data = System.Text.Encoding.UTF8.GetBytes(
            $"{{\"mcpId\":{Quote(key.McpId)},\"version\":{Quote(key.Version)},\"{property}\":{Quote(value)}}}");
        try
        {
            await events.PublishAsync([new EventDraft(type, key.McpId, InstanceId: null, key.Version, TimeProvider.GetUtcNow(), data)]);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The activation itself must not fail because its announcement could not be written.
            RoutingLog.PublishFailed(_logger, type, GetPrimaryKeyString(), e);
        }
    }

    private static string Quote(string value) => System.Text.Json.JsonSerializer.Serialize(value, Router.Abstractions.Routing.RoutingJsonContext.Default.String);

    private static UpstreamReplica? ToReplica(InstanceView instance) =>
        Uri.TryCreate(instance.Endpoint, UriKind.Absolute, out var endpoint)
            ? new UpstreamReplica(
                instance.InstanceId,
                endpoint,
                instance.Transport == McpTransport.Sse ? UpstreamTransport.Sse : UpstreamTransport.StreamableHttp)
            : null;
}
