using Microsoft.Extensions.Logging;
using Router.Grains.Diagnostics;
using Router.Grains.Upstream;

namespace Router.Grains.Routing;

/// <summary>The MCP instance grain's log messages.</summary>
internal static partial class RoutingLog
{
    [LoggerMessage(EventId = 2200, EventName = nameof(GrainsEventIds.McpInstanceActivated), Level = LogLevel.Debug, Message = "MCP instance {Key} activated with {Replicas} routable replicas")]
    public static partial void Activated(ILogger logger, string key, int replicas);

    [LoggerMessage(EventId = 2201, EventName = nameof(GrainsEventIds.McpInstanceReplicasRefreshed), Level = LogLevel.Debug, Message = "MCP instance {Key} refreshed its replicas from the registry: {Replicas} routable")]
    public static partial void ReplicasRefreshed(ILogger logger, string key, int replicas);

    [LoggerMessage(EventId = 2202, EventName = nameof(GrainsEventIds.McpInstanceCallFailed), Level = LogLevel.Warning, Message = "{Operation} on MCP instance {Key} failed: {Failure}")]
    public static partial void CallFailed(ILogger logger, string operation, string key, UpstreamFailure failure);

    [LoggerMessage(EventId = 2203, EventName = nameof(GrainsEventIds.McpInstanceRefreshFailed), Level = LogLevel.Warning, Message = "MCP instance {Key} could not read the registry; it keeps its current replicas")]
    public static partial void RefreshFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(EventId = 2204, EventName = nameof(GrainsEventIds.McpInstancePublishFailed), Level = LogLevel.Warning, Message = "MCP instance {Key} could not publish its {Type} event")]
    public static partial void PublishFailed(ILogger logger, string type, string key, Exception exception);

    [LoggerMessage(EventId = 2205, EventName = nameof(GrainsEventIds.McpInstanceOwnSessionOpened), Level = LogLevel.Debug, Message = "MCP instance {Key} opened an upstream session of its own for agent session {AgentSessionId} on replica {InstanceId}")]
    public static partial void OwnSessionOpened(ILogger logger, string key, string agentSessionId, string instanceId);

    [LoggerMessage(EventId = 2206, EventName = nameof(GrainsEventIds.McpInstanceRelayFailed), Level = LogLevel.Debug, Message = "MCP instance {Key} could not relay {Method} to an agent")]
    public static partial void RelayFailed(ILogger logger, string method, string key, Exception exception);

    [LoggerMessage(EventId = 2207, EventName = nameof(GrainsEventIds.McpInstanceReportFailed), Level = LogLevel.Warning, Message = "MCP instance {Key} could not report replica {InstanceId} unreachable to the registry")]
    public static partial void ReportFailed(ILogger logger, string instanceId, string key, Exception exception);
}
