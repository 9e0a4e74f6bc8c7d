namespace Router.Gateway.Events;

/// <summary>The outcome of reading the feed's in-memory ring after a cursor.</summary>
internal enum RingRead
{
    /// <summary>Events were copied.</summary>
    Read,

    /// <summary>The cursor is at (or beyond) the newest event: wait.</summary>
    CaughtUp,

    /// <summary>The events after the cursor are no longer in memory: read them from the event log.</summary>
    Behind,
}
