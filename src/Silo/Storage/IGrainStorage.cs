using Router.Abstractions.Grains;

namespace Router.Silo.Storage;

/// <summary>
/// A grain state store. Records are keyed by (grain type, grain key, state name) and carry an opaque
/// ETag; every write and clear is conditional on the ETag the writer last saw.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Creates the schema if it does not exist. Safe to call concurrently from several nodes.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads a record, or null when none exists.</summary>
    Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a record if storage still holds <paramref name="expectedEtag"/> (null: no record may exist)
    /// and returns the new ETag.
    /// </summary>
    /// <exception cref="Abstractions.Persistence.InconsistentStateException">The stored ETag differs.</exception>
    Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a record as <see cref="WriteAsync"/> does and, in the same transaction, appends
    /// <paramref name="events"/> to this provider's event log. On a stale ETag nothing is written or appended.
    /// </summary>
    /// <exception cref="Abstractions.Persistence.InconsistentStateException">The stored ETag differs.</exception>
    Task<StateWriteResult> WriteWithEventsAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, IReadOnlyList<Abstractions.Events.EventDraft> events, CancellationToken cancellationToken = default);

    /// <summary>Deletes a record if storage still holds <paramref name="expectedEtag"/>; no record with a null ETag is a no-op.</summary>
    /// <exception cref="Abstractions.Persistence.InconsistentStateException">The stored ETag differs.</exception>
    Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken = default);

    /// <summary>Throws if the store cannot be reached.</summary>
    Task CheckHealthAsync(CancellationToken cancellationToken = default);
}
