using Router.Abstractions.Events;

namespace Router.Silo.Streams;

/// <summary>
/// The durable, ordered event log of a storage provider. One global sequence; readers never see a later
/// event before an earlier one has become visible; trimmed by retention, never renumbered.
/// </summary>
public interface IEventLog
{
    /// <summary>Appends events without a state write and returns the first one's sequence number.</summary>
    Task<long> AppendAsync(IReadOnlyList<EventDraft> events, CancellationToken cancellationToken = default);

    /// <summary>Reads up to <paramref name="maxCount"/> events with a sequence number above <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterSequence, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>The first retained and the last appended sequence numbers.</summary>
    Task<EventLogBounds> GetBoundsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads every state record of one grain type and state name together with the last event sequence number,
    /// in one consistent read: the states reflect exactly the events up to that number (states and events are
    /// written in one transaction).
    /// </summary>
    Task<StateSnapshot> ReadStatesAsync(string grainType, string stateName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes events older than <paramref name="olderThan"/> and, beyond that, the oldest events past
    /// <paramref name="maxEvents"/>. Never deletes the last event. Returns how many were deleted.
    /// </summary>
    Task<long> TrimAsync(DateTimeOffset olderThan, long maxEvents, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes when an event with a sequence number above <paramref name="afterSequence"/> has been appended
    /// (at once if one already has). Appends made by this process signal immediately; appends made by other
    /// processes sharing the database are noticed by the provider's own means.
    /// </summary>
    Task WaitForAppendAsync(long afterSequence, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest sequence number this process knows to have been appended, read from memory: its own appends count
    /// from the moment they commit, other processes' once they are noticed (as by <see cref="WaitForAppendAsync"/>).
    /// A reader caught up to it has seen every append this process has acknowledged. Zero until something is known.
    /// </summary>
    long LastKnownSequence { get; }
}
