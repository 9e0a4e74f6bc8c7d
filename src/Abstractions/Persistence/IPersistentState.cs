namespace Router.Abstractions.Persistence;

/// <summary>
/// A grain's persistent state, injected into the grain's constructor for a parameter marked with
/// <see cref="PersistentStateAttribute"/>. The runtime reads it before <c>OnActivateAsync</c>. Writes carry
/// the ETag of the last read or write: a write that finds newer data in storage throws
/// <see cref="InconsistentStateException"/> and the activation is deactivated.
/// </summary>
/// <typeparam name="TState">The state type; serialized with System.Text.Json.</typeparam>
public interface IPersistentState<TState>
    where TState : class, new()
{
    /// <summary>The state. A new instance when no record exists.</summary>
    TState State { get; set; }

    /// <summary>The ETag of the stored record, or null when none exists.</summary>
    string? Etag { get; }

    /// <summary>Whether a record exists in storage.</summary>
    bool RecordExists { get; }

    /// <summary>Reads the state from storage, replacing <see cref="State"/>.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes <see cref="State"/> to storage.</summary>
    /// <exception cref="InconsistentStateException">Storage holds a newer version.</exception>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <see cref="State"/> and appends <paramref name="events"/> to the durable event log of the same
    /// storage provider in one transaction: either both happen or neither does.
    /// </summary>
    /// <returns>The sequence number of the first event appended (0 when <paramref name="events"/> is empty).</returns>
    /// <exception cref="InconsistentStateException">Storage holds a newer version; no event was appended.</exception>
    Task<long> WriteStateAsync(IReadOnlyList<Events.EventDraft> events, CancellationToken cancellationToken = default);

    /// <summary>Deletes the record and resets <see cref="State"/> to a new instance.</summary>
    /// <exception cref="InconsistentStateException">Storage holds a newer version.</exception>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
