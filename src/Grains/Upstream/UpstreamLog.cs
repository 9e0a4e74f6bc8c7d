using Microsoft.Extensions.Logging;
using Router.Grains.Diagnostics;

namespace Router.Grains.Upstream;

/// <summary>The upstream pool's log messages.</summary>
internal static partial class UpstreamLog
{
    [LoggerMessage(EventId = 2100, EventName = nameof(GrainsEventIds.UpstreamConnected), Level = LogLevel.Debug, Message = "Connected to replica {InstanceId} at {Endpoint} over {Transport}")]
    public static partial void Connected(ILogger logger, string instanceId, Uri endpoint, UpstreamTransport transport);

    [LoggerMessage(EventId = 2101, EventName = nameof(GrainsEventIds.UpstreamConnectFailed), Level = LogLevel.Warning, Message = "Could not connect to replica {InstanceId}; the request was not sent, trying another replica")]
    public static partial void ConnectFailed(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(EventId = 2102, EventName = nameof(GrainsEventIds.UpstreamCircuitOpened), Level = LogLevel.Warning, Message = "Circuit of replica {InstanceId} opened after {Failures} consecutive failures")]
    public static partial void CircuitOpened(ILogger logger, string instanceId, int failures);

    [LoggerMessage(EventId = 2103, EventName = nameof(GrainsEventIds.UpstreamCircuitClosed), Level = LogLevel.Information, Message = "Circuit of replica {InstanceId} closed")]
    public static partial void CircuitClosed(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 2104, EventName = nameof(GrainsEventIds.UpstreamCallTimedOut), Level = LogLevel.Warning, Message = "{Operation} on replica {InstanceId} timed out after {Timeout}")]
    public static partial void CallTimedOut(ILogger logger, string operation, string instanceId, TimeSpan timeout);

    [LoggerMessage(EventId = 2105, EventName = nameof(GrainsEventIds.UpstreamCallFailed), Level = LogLevel.Warning, Message = "{Operation} on replica {InstanceId} failed")]
    public static partial void CallFailed(ILogger logger, string operation, string instanceId, Exception exception);

    [LoggerMessage(EventId = 2106, EventName = nameof(GrainsEventIds.UpstreamSessionReset), Level = LogLevel.Debug, Message = "Session with replica {InstanceId} broke; the next call reconnects")]
    public static partial void SessionReset(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 2107, EventName = nameof(GrainsEventIds.UpstreamReplicaAdded), Level = LogLevel.Information, Message = "Replica {InstanceId} at {Endpoint} joined the pool")]
    public static partial void ReplicaAdded(ILogger logger, string instanceId, Uri endpoint);

    [LoggerMessage(EventId = 2108, EventName = nameof(GrainsEventIds.UpstreamReplicaRemoved), Level = LogLevel.Information, Message = "Replica {InstanceId} left the pool; its session closes after {Outstanding} in-flight calls end")]
    public static partial void ReplicaRemoved(ILogger logger, string instanceId, int outstanding);
}
