using Microsoft.Extensions.Logging;

namespace Router.Gateway.Diagnostics;

/// <summary>The gateway's log messages.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = GatewayEventIds.NodeStarted, EventName = nameof(GatewayEventIds.NodeStarted), Level = LogLevel.Information,
        Message = "Router node started on {Addresses} with {StorageProvider} storage, {MillisecondsSinceProcessStart} ms after process start")]
    public static partial void NodeStarted(ILogger logger, string addresses, string storageProvider, long millisecondsSinceProcessStart);

    [LoggerMessage(EventId = GatewayEventIds.NodeStopping, EventName = nameof(GatewayEventIds.NodeStopping), Level = LogLevel.Information,
        Message = "Router node stopping")]
    public static partial void NodeStopping(ILogger logger);

    [LoggerMessage(EventId = GatewayEventIds.StorageUnreachable, EventName = nameof(GatewayEventIds.StorageUnreachable), Level = LogLevel.Warning,
        Message = "Grain storage did not answer its health check; the node reports not ready until it does")]
    public static partial void StorageUnreachable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = GatewayEventIds.StorageReachable, EventName = nameof(GatewayEventIds.StorageReachable), Level = LogLevel.Information,
        Message = "Grain storage answers its health check again")]
    public static partial void StorageReachable(ILogger logger);
}
