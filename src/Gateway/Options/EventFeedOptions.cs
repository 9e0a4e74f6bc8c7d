namespace Router.Gateway.Options;

/// <summary>
/// Settings of the event feed (<c>GET /v1/events</c>), bound from <c>Router:Events</c>, the section that also holds
/// the event log's retention (<c>Retention</c>, <c>MaxEvents</c>, <c>TrimInterval</c>).
/// </summary>
internal sealed class EventFeedOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Router:Events";

    /// <summary>
    /// How many recent events the node keeps in memory (16–10,000,000). Subscribers whose cursor is within them are
    /// served from memory; older cursors read the event log. Default 10,000.
    /// </summary>
    public int FeedBufferSize { get; set; } = 10_000;

    /// <summary>
    /// The most bytes of encoded events the in-memory buffer holds (at least 1 MiB); past it the oldest leave memory
    /// early, whatever <see cref="FeedBufferSize"/> says (events can be large). Default 64 MiB.
    /// </summary>
    public long FeedBufferMaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// How many events a live subscriber may fall behind the newest one before its stream is closed (at least 1). It
    /// resumes with its last event id. Default 10,000.
    /// </summary>
    public int MaxSubscriberLag { get; set; } = 10_000;

    /// <summary>
    /// The longest one write to a subscriber (with its flush) may take before the stream is closed: a client that
    /// stops reading must not hold the node's resources. Default 10 seconds.
    /// </summary>
    public TimeSpan SubscriberWriteTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an idle feed sends a <c>: keep-alive</c> comment, in seconds (1–3600). Default 15.</summary>
    public int KeepAliveSeconds { get; set; } = 15;
}
