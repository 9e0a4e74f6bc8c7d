using Microsoft.Extensions.Logging;
using Router.Silo.Diagnostics;

namespace Router.Silo.Streams;

/// <summary>The event logs' log messages.</summary>
internal static partial class StreamLog
{
    [LoggerMessage(EventId = 1610, EventName = nameof(SiloEventIds.EventsTrimmed), Level = LogLevel.Information, Message = "Event log {StorageName} trimmed {Count} events older than {OlderThan:O} or beyond the newest {MaxEvents}")]
    public static partial void EventsTrimmed(ILogger logger, string storageName, long count, DateTimeOffset olderThan, long maxEvents);

    [LoggerMessage(EventId = 1611, EventName = nameof(SiloEventIds.EventTrimFailed), Level = LogLevel.Warning, Message = "Trimming event log {StorageName} failed; the next pass retries")]
    public static partial void EventTrimFailed(ILogger logger, Exception exception, string storageName);

    [LoggerMessage(EventId = 1612, EventName = nameof(SiloEventIds.EventListenerConnected), Level = LogLevel.Debug, Message = "Event log {StorageName} listens for appends on channel {Channel}")]
    public static partial void EventListenerConnected(ILogger logger, string storageName, string channel);

    [LoggerMessage(EventId = 1613, EventName = nameof(SiloEventIds.EventListenerFailed), Level = LogLevel.Warning, Message = "Event log {StorageName} lost (or could not open) its notification connection; reconnecting in {Delay}")]
    public static partial void EventListenerFailed(ILogger logger, Exception exception, string storageName, TimeSpan delay);

    [LoggerMessage(EventId = 1614, EventName = nameof(SiloEventIds.EventPollFailed), Level = LogLevel.Debug, Message = "Event log {StorageName} could not poll for appends; the next poll retries")]
    public static partial void EventPollFailed(ILogger logger, Exception exception, string storageName);
}
