using Microsoft.Extensions.Logging;

namespace Router.Gateway.Diagnostics;

/// <summary>Log messages of start-up and access control. Never the presented key.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = GatewayEventIds.StartupFailed, EventName = nameof(GatewayEventIds.StartupFailed), Level = LogLevel.Critical,
        Message = "The router node cannot start: {Reason}")]
    public static partial void StartupFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = GatewayEventIds.RequestUnauthenticated, EventName = nameof(GatewayEventIds.RequestUnauthenticated), Level = LogLevel.Debug,
        Message = "Refused {Method} {Path}: no API key, or an unknown one")]
    public static partial void RequestUnauthenticated(ILogger logger, string method, string path);

    [LoggerMessage(EventId = GatewayEventIds.RequestForbidden, EventName = nameof(GatewayEventIds.RequestForbidden), Level = LogLevel.Debug,
        Message = "Refused {Method} {Path} to API key {KeyName}: scope or MCP server not covered")]
    public static partial void RequestForbidden(ILogger logger, string keyName, string method, string path);

    [LoggerMessage(EventId = GatewayEventIds.NonLoopbackClientRejected, EventName = nameof(GatewayEventIds.NonLoopbackClientRejected), Level = LogLevel.Warning,
        Message = "Refused a request from {RemoteAddress}: without API keys (Router:Auth:Keys) the node serves loopback clients only")]
    public static partial void NonLoopbackClientRejected(ILogger logger, string remoteAddress);
}
