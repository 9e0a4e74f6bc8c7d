namespace Router.Silo.Streams;

/// <summary>Retention of the storage providers' event logs. Bound from <c>Router:Events</c>.</summary>
public sealed class EventLogOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Router:Events";

    /// <summary>
    /// How long events are kept: older ones are trimmed (a subscriber whose cursor falls behind gets a snapshot
    /// reset). Default 24 hours.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The most events each log keeps; the oldest beyond it are trimmed. Default 1,000,000.</summary>
    public long MaxEvents { get; set; } = 1_000_000;

    /// <summary>How often the logs are trimmed. Default 1 minute.</summary>
    public TimeSpan TrimInterval { get; set; } = TimeSpan.FromMinutes(1);
}
