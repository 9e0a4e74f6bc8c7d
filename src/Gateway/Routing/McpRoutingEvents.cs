using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using Router.Abstractions.Registry;
using Router.Gateway.Diagnostics;
using Router.Gateway.Events;

namespace Router.Gateway.Routing;

/// <summary>
/// Keeps this node's <see cref="McpRoutingTable"/> current and applies the registry's changes to routing. At start-up,
/// before the node serves, it loads the table from a snapshot of the persisted registry; then it applies every event
/// after the snapshot's sequence in order — from the feed's memory while it holds them, else from the event log, so the
/// table never skips one (only when the log no longer holds them is the table loaded again). After each batch a changed
/// server's cached descriptions are dropped, its active instance grains re-read their replicas (and drop their cached
/// tools), and its agent sessions move to a new newest version or are told their tools changed
/// (<c>notifications/tools/list_changed</c>).
/// </summary>
internal sealed class McpRoutingEvents(
    EventFeed feed,
    McpRoutingTable table,
    McpVersionResolver resolver,
    McpAgentDirectory directory,
    TimeProvider timeProvider,
    ILogger<McpRoutingEvents> logger) : BackgroundService
{
    private const int BatchSize = 512;

    private static readonly TimeSpan MinRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        table.Load(await RegistrySnapshots.ReadAsync(feed.Log, cancellationToken: cancellationToken).ConfigureAwait(false));
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<FeedEvent>(BatchSize);
        var retryDelay = MinRetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                batch.Clear();
                var cursor = table.Sequence;
                switch (feed.TryRead(cursor, batch, BatchSize))
                {
                    case RingRead.CaughtUp:
                        await feed.WaitAsync(cursor).WaitAsync(stoppingToken).ConfigureAwait(false);
                        continue;

                    case RingRead.Behind when !await ReadLogAsync(cursor, batch, stoppingToken).ConfigureAwait(false):
                        await ReloadAsync(cursor, stoppingToken).ConfigureAwait(false);
                        continue;
                }

                await ApplyAsync(batch).ConfigureAwait(false);
                retryDelay = MinRetryDelay;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                ToolRoutingLog.RoutingEventsReadFailed(logger, exception, retryDelay);
                try
                {
                    await Task.Delay(retryDelay, timeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    private static bool IsRoutingChange(string type) => type.StartsWith("instance.", StringComparison.Ordinal) || type == RegistryEventTypes.ToolsChanged;

    /// <summary>Fills the batch with the events after <paramref name="cursor"/> from the log; false when the log no longer holds the next one.</summary>
    private async Task<bool> ReadLogAsync(long cursor, List<FeedEvent> batch, CancellationToken cancellationToken)
    {
        var events = await feed.Log.ReadAsync(cursor, BatchSize, cancellationToken).ConfigureAwait(false);
        if (events.Count == 0 || events[0].Sequence != cursor + 1)
        {
            return false;
        }

        foreach (var logged in events)
        {
            batch.Add(EventFrames.Encode(logged));
        }

        return true;
    }

    /// <summary>The events after the cursor were trimmed before this node applied them: load the table again and treat every server as changed.</summary>
    private async Task ReloadAsync(long cursor, CancellationToken cancellationToken)
    {
        var before = table.Servers.ToHashSet(StringComparer.Ordinal);
        table.Load(await RegistrySnapshots.ReadAsync(feed.Log, cancellationToken: cancellationToken).ConfigureAwait(false));
        ToolRoutingLog.RoutingEventsBehind(logger, cursor, table.Sequence);
        resolver.InvalidateAll();
        foreach (var mcpId in before.Union(table.Servers).Union(resolver.ActiveServers).Union(directory.ServersInUse).Distinct(StringComparer.Ordinal))
        {
            await ReactAsync(mcpId, latestBefore: null, toolsChanged: true).ConfigureAwait(false);
        }
    }

    /// <summary>Applies a batch to the table, then to routing, server by server.</summary>
    private async Task ApplyAsync(List<FeedEvent> batch)
    {
        var changed = new Dictionary<string, (string? LatestBefore, bool ToolsChanged)>(StringComparer.Ordinal);
        foreach (var feedEvent in batch)
        {
            if (!IsRoutingChange(feedEvent.Type))
            {
                continue;
            }

            var change = changed.TryGetValue(feedEvent.McpId, out var seen) ? seen : (table.Find(feedEvent.McpId)?.Latest, false);
            table.Apply(feedEvent);
            changed[feedEvent.McpId] = (change.Item1, change.Item2 || feedEvent.Type == RegistryEventTypes.ToolsChanged);
        }

        table.Advance(batch[^1].Sequence);
        foreach (var (mcpId, change) in changed)
        {
            await ReactAsync(mcpId, change.LatestBefore, change.ToolsChanged).ConfigureAwait(false);
        }
    }

    private async Task ReactAsync(string mcpId, string? latestBefore, bool toolsChanged)
    {
        try
        {
            resolver.Invalidate(mcpId);
            foreach (var version in resolver.ActiveVersions(mcpId))
            {
                await resolver.Instance(mcpId, version).RefreshAsync().ConfigureAwait(false);
            }

            foreach (var session in directory.SessionsOf(mcpId))
            {
                await session.OnServerChangedAsync(toolsChanged).ConfigureAwait(false);
            }

            // The aggregate offers each server's newest version: it changed when that version's tools or the version did.
            if (toolsChanged || !string.Equals(table.Find(mcpId)?.Latest, latestBefore, StringComparison.Ordinal))
            {
                foreach (var session in directory.AggregateSessions.ToList())
                {
                    await NotifyAsync(session).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ToolRoutingLog.RoutingEventsFailed(logger, mcpId, e);
        }
    }

    private async Task NotifyAsync(McpAgentSessionBase session)
    {
        try
        {
            await session.NotifyAsync(NotificationMethods.ToolListChangedNotification, parameters: null).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ToolRoutingLog.AgentNotifyFailed(logger, session.Id, e);
        }
    }
}
