namespace Router.Silo.Streams;

/// <summary>Every state record of one grain type, consistent with the event log up to <paramref name="Sequence"/>.</summary>
/// <param name="Sequence">The last event sequence number the states reflect.</param>
/// <param name="States">The records.</param>
public sealed record StateSnapshot(long Sequence, IReadOnlyList<StateSnapshotEntry> States);
