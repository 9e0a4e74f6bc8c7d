namespace Router.Gateway.Events;

/// <summary>The data of the feed's <c>reset</c> event: the cursor cannot be continued, a snapshot follows.</summary>
/// <param name="Reason"><c>cursor-expired</c> (events after it were trimmed) or <c>cursor-unknown</c> (it is beyond the log's newest event).</param>
/// <param name="OldestSequence">The oldest event the log still holds (0 when it holds none).</param>
internal sealed record FeedReset(string Reason, long OldestSequence)
{
    public const string CursorExpired = "cursor-expired";
    public const string CursorUnknown = "cursor-unknown";
}
