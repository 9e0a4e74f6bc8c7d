using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Router.Abstractions.Registry;
using Router.Abstractions.Routing;
using Router.Gateway.Events;

namespace Router.Gateway.Routing;

/// <summary>
/// This node's routing table: every server's instances, loaded from a snapshot of the persisted registry and kept
/// current by applying the event log after the snapshot's sequence, in order (<see cref="McpRoutingEvents"/> is its one
/// writer). Routing reads it instead of the registry grains, so every node converges on the same table whichever node
/// made the changes, and routing a call needs no remote lookup (DESIGN.md §5).
/// </summary>
internal sealed class McpRoutingTable(ILogger<McpRoutingTable> logger) : IMcpRoutingTable
{
    private readonly ConcurrentDictionary<string, McpRoutedServer> _servers = new(StringComparer.Ordinal);
    private TaskCompletionSource _advanced = NewSignal();
    private long _sequence;

    /// <summary>The sequence of the last event the table reflects.</summary>
    public long Sequence => Volatile.Read(ref _sequence);

    /// <summary>The servers with instances.</summary>
    public ICollection<string> Servers => _servers.Keys;

    /// <summary>The server <paramref name="mcpId"/>; null when it has no instance.</summary>
    public McpRoutedServer? Find(string mcpId) => _servers.TryGetValue(mcpId, out var server) ? server : null;

    public IReadOnlyList<InstanceView> InstancesOf(string mcpId) => Find(mcpId)?.Instances ?? [];

    /// <summary>Replaces the whole table with <paramref name="snapshot"/> and moves it to the snapshot's sequence.</summary>
    public void Load(RegistrySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var server in snapshot.Servers)
        {
            if (McpRoutedServer.From(server.Instances) is { } routed)
            {
                _servers[server.McpId] = routed;
                loaded.Add(server.McpId);
            }
        }

        foreach (var mcpId in _servers.Keys.Where(id => !loaded.Contains(id)))
        {
            _servers.TryRemove(mcpId, out _);
        }

        ToolRoutingLog.RoutingTableLoaded(logger, loaded.Count, snapshot.Sequence);
        Advance(snapshot.Sequence);
    }

    /// <summary>
    /// Applies one event of the log (call <see cref="Advance"/> after a batch); false when the event does not change
    /// instances or tools. An event whose data cannot be read is logged and skipped.
    /// </summary>
    public bool Apply(FeedEvent feedEvent)
    {
        ArgumentNullException.ThrowIfNull(feedEvent);
        switch (feedEvent.Type)
        {
            case RegistryEventTypes.InstanceRegistered or RegistryEventTypes.InstanceHealthy
                or RegistryEventTypes.InstanceUnhealthy or RegistryEventTypes.InstanceDraining:
                if (Read(feedEvent, RegistryJsonContext.Default.InstanceView) is { } instance)
                {
                    Set(feedEvent.McpId, Find(feedEvent.McpId) is { } server ? server.With(instance) : McpRoutedServer.From([instance]));
                }

                return true;

            case RegistryEventTypes.InstanceDeregistered or RegistryEventTypes.InstanceExpired or RegistryEventTypes.InstanceDisconnected:
                if (feedEvent.InstanceId is { } removed && Find(feedEvent.McpId) is { } before)
                {
                    Set(feedEvent.McpId, before.Without(removed));
                }

                return true;

            case RegistryEventTypes.ToolsChanged:
                if (feedEvent.InstanceId is { } changed && Find(feedEvent.McpId) is { } current
                    && Read(feedEvent, RegistryJsonContext.Default.ToolsChangedData) is { } tools)
                {
                    Set(feedEvent.McpId, current.WithTools(changed, tools));
                }

                return true;

            default:
                return false;
        }
    }

    /// <summary>Records that the table reflects every event up to <paramref name="sequence"/> and wakes its waiters.</summary>
    public void Advance(long sequence)
    {
        Volatile.Write(ref _sequence, sequence);
        Interlocked.Exchange(ref _advanced, NewSignal()).TrySetResult();
    }

    /// <summary>
    /// Waits until the table reflects the events up to <paramref name="sequence"/>; false when <paramref name="timeout"/>
    /// passes first.
    /// </summary>
    public async Task<bool> WaitForAsync(long sequence, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        using var bound = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(bound.Token, cancellationToken);
        while (true)
        {
            // The signal before the sequence: Advance writes the sequence before it completes the signal.
            var advanced = Volatile.Read(ref _advanced);
            if (Sequence >= sequence)
            {
                return true;
            }

            try
            {
                await advanced.Task.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (bound.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    private void Set(string mcpId, McpRoutedServer? server)
    {
        if (server is null)
        {
            _servers.TryRemove(mcpId, out _);
        }
        else
        {
            _servers[mcpId] = server;
        }
    }

    private T? Read<T>(FeedEvent feedEvent, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(feedEvent.Data.Span, type);
        }
        catch (JsonException exception)
        {
            ToolRoutingLog.RoutingEventUnreadable(logger, feedEvent.Sequence, feedEvent.Type, exception);
            return null;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
