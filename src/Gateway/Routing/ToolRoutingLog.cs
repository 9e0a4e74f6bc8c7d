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
        Message = "Routing fell behind the event feed; every server's routing state is refreshed")]
    public static partial void RoutingEventsBehind(ILogger logger);

    [LoggerMessage(EventId = GatewayEventIds.Routing.AgentNotifyFailed, EventName = nameof(GatewayEventIds.Routing.AgentNotifyFailed), Level = LogLevel.Debug,
        Message = "Could not tell agent session {SessionId} that its tools changed")]
    public static partial void AgentNotifyFailed(ILogger logger, string sessionId, Exception exception);
}
