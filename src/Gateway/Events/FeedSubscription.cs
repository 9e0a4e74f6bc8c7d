namespace Router.Gateway.Events;

/// <summary>
/// A subscriber as the feed sees it: where its stream is (its cursor), whether it is served from memory (live), and a
/// token the feed cancels to close it when it falls too far behind.
/// </summary>
internal sealed class FeedSubscription : IDisposable
{
    private readonly EventFeed _feed;
    private readonly CancellationTokenSource _cut = new();
    private long _cursor;
    private int _live;
    private int _reason;

    public FeedSubscription(EventFeed feed, long id, long cursor)
    {
        _feed = feed;
        Id = id;
        _cursor = cursor;
    }

    public long Id { get; }

    /// <summary>The sequence of the last event written to the subscriber (or skipped by its filters).</summary>
    public long Cursor => Volatile.Read(ref _cursor);

    /// <summary>
    /// True once it has caught up with the head (and until it next has to read the log): only then is it measured
    /// against the lag limit.
    /// </summary>
    public bool IsLive => Volatile.Read(ref _live) != 0;

    /// <summary>Canceled when the feed closes the subscriber.</summary>
    public CancellationToken CutToken => _cut.Token;

    public FeedCutReason CutReason => (FeedCutReason)Volatile.Read(ref _reason);

    public void Advance(long cursor) => Volatile.Write(ref _cursor, cursor);

    public void SetLive(bool live) => Volatile.Write(ref _live, live ? 1 : 0);

    /// <summary>Closes the subscriber (once; the first reason wins).</summary>
    public void Cut(FeedCutReason reason)
    {
        if (Interlocked.CompareExchange(ref _reason, (int)reason, (int)FeedCutReason.None) != (int)FeedCutReason.None)
        {
            return;
        }

        try
        {
            _cut.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The subscriber ended concurrently.
        }
    }

    public void Dispose()
    {
        _feed.Unsubscribe(this);
        _cut.Dispose();
    }
}
