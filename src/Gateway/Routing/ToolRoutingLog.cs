using Microsoft.Extensions.Logging;

using Router.Gateway.Diagnostics;

namespace Router.Gateway.Routing;

/// <summary>Log messages of tool routing (ids in <see cref="GatewayEventIds.Routing"/>).</summary>
internal static partial class ToolRoutingLog
{
    [LoggerMessage(EventId = GatewayEventIds.Routing.CatalogServerSkipped, EventName = nameof(GatewayEventIds.Routing.CatalogServerSkipped), Level = LogLevel.Warning,
        Message = "The tools of {McpId} are left out of the catalog: its instance did not list them")]
    public static partial void CatalogServerSkipped(ILogger logger, string mcpId, Exception exception);

    [LoggerMessage(EventId = GatewayEventIds.Routing.RoutingEventsFailed, EventName = nameof(GatewayEventIds.Routing.RoutingEventsFailed), Level = LogLevel.Warning,
        Message = "Applying registry events of {McpId} to routing failed; the instance's periodic refresh catches up")]
    public static partial void RoutingEventsFailed(ILogger logger, string mcpId, Exception exception);

    [LoggerMessage(EventId = GatewayEventIds.Routing.RoutingEventsBehind, EventName = nameof(GatewayEventIds.Routing.RoutingEventsBehind), Level = LogLevel.Warning,
        Message = "The events after {Cursor} left the event log before routing applied them; the routing table was loaded again at {Sequence} and every server's routing state is refreshed")]
    public static partial void RoutingEventsBehind(ILogger logger, long cursor, long sequence);

    [LoggerMessage(EventId = GatewayEventIds.Routing.AgentNotifyFailed, EventName = nameof(GatewayEventIds.Routing.AgentNotifyFailed), Level = LogLevel.Debug,
        Message = "Could not tell agent session {SessionId} that its tools changed")]
    public static partial void AgentNotifyFailed(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(EventId = GatewayEventIds.Routing.RoutingTableLoaded, EventName = nameof(GatewayEventIds.Routing.RoutingTableLoaded), Level = LogLevel.Information,
        Message = "Routing table loaded: {Servers} servers as of event {Sequence}")]
    public static partial void RoutingTableLoaded(ILogger logger, int servers, long sequence);

    [LoggerMessage(EventId = GatewayEventIds.Routing.RoutingEventUnreadable, EventName = nameof(GatewayEventIds.Routing.RoutingEventUnreadable), Level = LogLevel.Error,
        Message = "The data of event {Sequence} ({Type}) cannot be read; the routing table skips it")]
    public static partial void RoutingEventUnreadable(ILogger logger, long sequence, string type, Exception exception);

    [LoggerMessage(EventId = GatewayEventIds.Routing.RoutingEventsReadFailed, EventName = nameof(GatewayEventIds.Routing.RoutingEventsReadFailed), Level = LogLevel.Warning,
        Message = "Reading events for the routing table failed; retrying in {Delay}")]
    public static partial void RoutingEventsReadFailed(ILogger logger, Exception exception, TimeSpan delay);
}
