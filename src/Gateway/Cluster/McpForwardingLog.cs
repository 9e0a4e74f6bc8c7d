using Microsoft.Extensions.Logging;
using Ids = Router.Gateway.Diagnostics.GatewayEventIds.SessionForwarding;

namespace Router.Gateway.Cluster;

/// <summary>The log messages of MCP session forwarding between cluster nodes (event ids 3500–3599).</summary>
internal static partial class McpForwardingLog
{
    [LoggerMessage(EventId = Ids.OwnerNotActive, EventName = nameof(Ids.OwnerNotActive), Level = LogLevel.Debug,
        Message = "MCP {Method} request for session {SessionId} names a node that is not an active cluster member; answered as an unknown session")]
    public static partial void OwnerNotActive(ILogger logger, string method, string sessionId);

    [LoggerMessage(EventId = Ids.OwnerUnreachable, EventName = nameof(Ids.OwnerUnreachable), Level = LogLevel.Warning,
        Message = "MCP {Method} request for session {SessionId} could not reach the node holding it at {Address}; answered as an unknown session")]
    public static partial void OwnerUnreachable(ILogger logger, Exception exception, string method, string sessionId, string address);

    [LoggerMessage(EventId = Ids.OwnerFenced, EventName = nameof(Ids.OwnerFenced), Level = LogLevel.Warning,
        Message = "MCP {Method} request for session {SessionId}: the node holding it at {Address} does not serve now (fenced); answered as an unknown session")]
    public static partial void OwnerFenced(ILogger logger, string method, string sessionId, string address);

    [LoggerMessage(EventId = Ids.ForwardBrokeOff, EventName = nameof(Ids.ForwardBrokeOff), Level = LogLevel.Information,
        Message = "MCP {Method} response for session {SessionId} from the node at {Address} broke off; the agent's request is aborted")]
    public static partial void ForwardBrokeOff(ILogger logger, Exception exception, string method, string sessionId, string address);

    [LoggerMessage(EventId = Ids.ForwardedWhileFenced, EventName = nameof(Ids.ForwardedWhileFenced), Level = LogLevel.Debug,
        Message = "MCP {Method} request forwarded for {Path} answered 503: this node does not serve now (fenced)")]
    public static partial void ForwardedWhileFenced(ILogger logger, string method, string path);

    [LoggerMessage(EventId = Ids.ForwardedToNoEndpoint, EventName = nameof(Ids.ForwardedToNoEndpoint), Level = LogLevel.Warning,
        Message = "MCP {Method} request forwarded for {Path} names no MCP endpoint of this node; answered as an unknown session")]
    public static partial void ForwardedToNoEndpoint(ILogger logger, string method, string path);
}
