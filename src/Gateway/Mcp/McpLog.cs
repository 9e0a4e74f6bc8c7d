using Microsoft.Extensions.Logging;
using Ids = Router.Gateway.Diagnostics.GatewayEventIds.McpHosting;

namespace Router.Gateway.Mcp;

/// <summary>The MCP hosting layer's log messages (event ids 3300–3399).</summary>
internal static partial class McpLog
{
    [LoggerMessage(EventId = Ids.SessionStarted, EventName = nameof(Ids.SessionStarted), Level = LogLevel.Debug,
        Message = "MCP session {SessionId} started on {Path}")]
    public static partial void SessionStarted(ILogger logger, string sessionId, string path);

    [LoggerMessage(EventId = Ids.SessionEnded, EventName = nameof(Ids.SessionEnded), Level = LogLevel.Debug,
        Message = "MCP session {SessionId} ended ({Reason})")]
    public static partial void SessionEnded(ILogger logger, string sessionId, McpSessionEndReason reason);

    [LoggerMessage(EventId = Ids.SessionIdleExpired, EventName = nameof(Ids.SessionIdleExpired), Level = LogLevel.Information,
        Message = "MCP session {SessionId} was idle for {IdleTimeout} and is being ended")]
    public static partial void SessionIdleExpired(ILogger logger, string sessionId, TimeSpan idleTimeout);

    [LoggerMessage(EventId = Ids.SessionLimitReached, EventName = nameof(Ids.SessionLimitReached), Level = LogLevel.Warning,
        Message = "A new MCP session was refused: the node already holds {MaxSessions} sessions")]
    public static partial void SessionLimitReached(ILogger logger, int maxSessions);

    [LoggerMessage(EventId = Ids.SessionRunFailed, EventName = nameof(Ids.SessionRunFailed), Level = LogLevel.Warning,
        Message = "MCP session {SessionId} failed while running or ending")]
    public static partial void SessionRunFailed(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(EventId = Ids.StatelessRequestServed, EventName = nameof(Ids.StatelessRequestServed), Level = LogLevel.Trace,
        Message = "Served a session-less MCP request on {Path}")]
    public static partial void StatelessRequestServed(ILogger logger, string path);

    [LoggerMessage(EventId = Ids.SseSessionStarted, EventName = nameof(Ids.SseSessionStarted), Level = LogLevel.Debug,
        Message = "Legacy SSE MCP session {SessionId} started on {Path}")]
    public static partial void SseSessionStarted(ILogger logger, string sessionId, string path);

    [LoggerMessage(EventId = Ids.SseSessionEnded, EventName = nameof(Ids.SseSessionEnded), Level = LogLevel.Debug,
        Message = "Legacy SSE MCP session {SessionId} ended")]
    public static partial void SseSessionEnded(ILogger logger, string sessionId);

    [LoggerMessage(EventId = Ids.RequestRejected, EventName = nameof(Ids.RequestRejected), Level = LogLevel.Debug,
        Message = "MCP {Method} request on {Path} rejected: {Reason}")]
    public static partial void RequestRejected(ILogger logger, string method, string path, string reason);

    [LoggerMessage(EventId = Ids.ServerFactoryFailed, EventName = nameof(Ids.ServerFactoryFailed), Level = LogLevel.Warning,
        Message = "MCP {Method} request on {Path} answered 503: its server could not be made")]
    public static partial void ServerFactoryFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = Ids.DirectAnswerFailed, EventName = nameof(Ids.DirectAnswerFailed), Level = LogLevel.Warning,
        Message = "MCP {Method} request on {Path} answered with an internal error")]
    public static partial void DirectAnswerFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = Ids.OriginRejected, EventName = nameof(Ids.OriginRejected), Level = LogLevel.Warning,
        Message = "MCP {Method} request on {Path} refused: its Origin {Origin} is neither loopback nor in Router:Mcp:AllowedOrigins")]
    public static partial void OriginRejected(ILogger logger, string method, string path, string origin);

    [LoggerMessage(EventId = Ids.HostRejected, EventName = nameof(Ids.HostRejected), Level = LogLevel.Warning,
        Message = "MCP {Method} request on {Path} refused: it came over loopback for Host {Host}, which is neither loopback nor in Router:Mcp:AllowedHosts")]
    public static partial void HostRejected(ILogger logger, string method, string path, string host);

    [LoggerMessage(EventId = Ids.SessionOwnerMismatch, EventName = nameof(Ids.SessionOwnerMismatch), Level = LogLevel.Warning,
        Message = "MCP {Method} request on {Path} named session {SessionId}, opened by {Owner}, but came from {Caller}; answered as an unknown session")]
    public static partial void SessionOwnerMismatch(ILogger logger, string method, string path, string sessionId, string? owner, string? caller);
}
