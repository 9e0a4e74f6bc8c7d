using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using Router.Abstractions.Registry;
using Router.Gateway.Diagnostics;
using Router.Gateway.Events;

namespace Router.Gateway.Routing;

/// <summary>
/// Applies the registry's events to routing on this node: a server's cached version resolution is dropped, its instance
/// grains re-read their replicas (and drop their cached tools), and its agent sessions move to a new newest version or are
/// told their tools changed (<c>notifications/tools/list_changed</c>).
/// </summary>
internal sealed class McpRoutingEvents(EventFeed feed, McpVersionResolver resolver, McpAgentDirectory directory, ILogger<McpRoutingEvents> logger)
    : BackgroundService
{
    private const int BatchSize = 512;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cursor = feed.Head;
        var batch = new List<FeedEvent>(BatchSize);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await feed.WaitAsync(cursor).WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            batch.Clear();
            if (feed.TryRead(cursor, batch, BatchSize) == RingRead.Behind)
            {
                // Events were missed: treat every server as changed.
                ToolRoutingLog.RoutingEventsBehind(logger);
                cursor = feed.Head;
                resolver.InvalidateAll();
                foreach (var mcpId in resolver.ActiveServers.Union(directory.ServersInUse, StringComparer.Ordinal))
                {
                    await ApplyAsync(mcpId, toolsChanged: true).ConfigureAwait(false);
                }

                continue;
            }

            if (batch.Count == 0)
            {
                continue;
            }

            cursor = batch[^1].Sequence;
            foreach (var change in batch.Where(e => IsRoutingChange(e.Type)).GroupBy(e => e.McpId, StringComparer.Ordinal))
            {
                await ApplyAsync(change.Key, change.Any(e => e.Type == RegistryEventTypes.ToolsChanged)).ConfigureAwait(false);
            }
        }
    }

    private static bool IsRoutingChange(string type) => type.StartsWith("instance.", StringComparison.Ordinal) || type == RegistryEventTypes.ToolsChanged;

    private async Task ApplyAsync(string mcpId, bool toolsChanged)
    {
        try
        {
            var hadLatest = resolver.TryPeekLatest(mcpId, out var latestBefore);
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
            var aggregate = directory.AggregateSessions.ToList();
            if (aggregate.Count > 0
                && (toolsChanged || !hadLatest || await resolver.ResolveAsync(mcpId, version: null).ConfigureAwait(false) != latestBefore))
            {
                foreach (var session in aggregate)
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
