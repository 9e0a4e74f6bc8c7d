using Microsoft.Extensions.Logging;

namespace Router.Gateway.Diagnostics;

/// <summary>Log messages of the event feed.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = GatewayEventIds.EventFeedStarted, EventName = nameof(GatewayEventIds.EventFeedStarted), Level = LogLevel.Debug,
        Message = "Event feed follows the event log after sequence {Head} with a buffer of {BufferSize} events")]
    public static partial void EventFeedStarted(ILogger logger, long head, int bufferSize);

    [LoggerMessage(EventId = GatewayEventIds.EventFeedReadFailed, EventName = nameof(GatewayEventIds.EventFeedReadFailed), Level = LogLevel.Warning,
        Message = "Event feed could not read the event log; retrying in {Delay}")]
    public static partial void EventFeedReadFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = GatewayEventIds.EventFeedSkipped, EventName = nameof(GatewayEventIds.EventFeedSkipped), Level = LogLevel.Warning,
        Message = "Event feed found events {From}–{To} trimmed before it read them; subscribers behind them get a snapshot reset")]
    public static partial void EventFeedSkipped(ILogger logger, long from, long to);

    [LoggerMessage(EventId = GatewayEventIds.SubscriberConnected, EventName = nameof(GatewayEventIds.SubscriberConnected), Level = LogLevel.Debug,
        Message = "Event subscriber {SubscriberId} from {RemoteAddress} connected after sequence {Cursor}")]
    public static partial void SubscriberConnected(ILogger logger, long subscriberId, string? remoteAddress, long cursor);

    [LoggerMessage(EventId = GatewayEventIds.SubscriberDisconnected, EventName = nameof(GatewayEventIds.SubscriberDisconnected), Level = LogLevel.Debug,
        Message = "Event subscriber {SubscriberId} disconnected at sequence {Cursor}")]
    public static partial void SubscriberDisconnected(ILogger logger, long subscriberId, long cursor);

    [LoggerMessage(EventId = GatewayEventIds.SubscriberCutForLag, EventName = nameof(GatewayEventIds.SubscriberCutForLag), Level = LogLevel.Warning,
        Message = "Event subscriber {SubscriberId} fell {Lag} events behind (Router:Events:MaxSubscriberLag is {MaxLag}); closed its stream at sequence {Cursor}, it resumes from there")]
    public static partial void SubscriberCutForLag(ILogger logger, long subscriberId, long lag, int maxLag, long cursor);

    [LoggerMessage(EventId = GatewayEventIds.SubscriberCutForWriteTimeout, EventName = nameof(GatewayEventIds.SubscriberCutForWriteTimeout), Level = LogLevel.Warning,
        Message = "Event subscriber {SubscriberId} did not take a write within {Timeout} (Router:Events:SubscriberWriteTimeout); closed its stream at sequence {Cursor}, it resumes from there")]
    public static partial void SubscriberCutForWriteTimeout(ILogger logger, long subscriberId, TimeSpan timeout, long cursor);

    [LoggerMessage(EventId = GatewayEventIds.SubscriberReset, EventName = nameof(GatewayEventIds.SubscriberReset), Level = LogLevel.Information,
        Message = "Event subscriber {SubscriberId} asked for events after {Cursor} ({Reason}; the oldest retained is {Oldest}); sent a snapshot as of {SnapshotSequence}")]
    public static partial void SubscriberReset(ILogger logger, long subscriberId, long cursor, string reason, long oldest, long snapshotSequence);

    [LoggerMessage(EventId = GatewayEventIds.SubscriberFailed, EventName = nameof(GatewayEventIds.SubscriberFailed), Level = LogLevel.Warning,
        Message = "Event subscriber {SubscriberId} could not be served (reading the event log failed); closed its stream at sequence {Cursor}")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception, long subscriberId, long cursor);
}
