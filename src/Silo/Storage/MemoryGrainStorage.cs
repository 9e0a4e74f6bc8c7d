using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Router.Abstractions.Events;
using Router.Abstractions.Grains;
using Router.Silo.Streams;

namespace Router.Silo.Storage;

/// <summary>
/// An in-process grain storage and event log with the same ETag and sequence semantics as the database providers.
/// State and events live as long as the instance; one lock makes every state write and its events atomic.
/// Public so that tests in any assembly can seed and inspect state directly.
/// </summary>
public sealed partial class MemoryGrainStorage : IGrainStorage, IEventLog
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Type, string Key, string StateName), Entry> _records = [];
    private readonly string _name;
    private readonly ILogger _logger;

    /// <summary>Creates an empty storage.</summary>
    /// <param name="name">The provider name, used in conflict messages. Default "Default".</param>
    /// <param name="logger">The logger; none by default.</param>
    public MemoryGrainStorage(string name = "Default", ILogger<MemoryGrainStorage>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _name = name;
        _logger = logger ?? NullLogger<MemoryGrainStorage>.Instance;
    }

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken = default)
    {
        var key = Key(grainId, stateName);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_records.TryGetValue(key, out var entry)
                ? new GrainStateRecord(entry.Payload.ToArray(), GrainStateVersion.Format(entry.Version))
                : null);
        }
    }

    /// <inheritdoc />
    public async Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken = default) =>
        (await WriteWithEventsAsync(grainId, stateName, payload, expectedEtag, [], cancellationToken).ConfigureAwait(false)).Etag;

    /// <inheritdoc />
    public Task<StateWriteResult> WriteWithEventsAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, IReadOnlyList<EventDraft> events, CancellationToken cancellationToken = default)
    {
        var key = Key(grainId, stateName);
        EventDraftGuard.ThrowIfInvalid(events);
        cancellationToken.ThrowIfCancellationRequested();
        var copy = payload.ToArray();
        string? storedEtag;
        StateWriteResult? result = null;
        lock (_gate)
        {
            var exists = _records.TryGetValue(key, out var entry);
            long? next = (exists, expectedEtag) switch
            {
                (false, null) => GrainStateVersion.NewInitial(),
                (true, not null) when GrainStateVersion.TryParse(expectedEtag, out var expected) && expected == entry.Version => entry.Version + 1,
                _ => null,
            };
            if (next is { } version)
            {
                _records[key] = new Entry(copy, version);
                result = new StateWriteResult(GrainStateVersion.Format(version), AppendLocked(events));
            }

            storedEtag = exists ? GrainStateVersion.Format(entry.Version) : null;
        }

        if (result is not null)
        {
            SignalAppended();
            return Task.FromResult(result);
        }

        StorageLog.WriteConflict(_logger, _name, grainId.ToString(), stateName, storedEtag, expectedEtag);
        throw GrainStateVersion.WriteConflict(_name, grainId, stateName, storedEtag, expectedEtag);
    }

    /// <inheritdoc />
    public Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        var key = Key(grainId, stateName);
        cancellationToken.ThrowIfCancellationRequested();
        string? storedEtag;
        lock (_gate)
        {
            var exists = _records.TryGetValue(key, out var entry);
            if (!exists && expectedEtag is null)
            {
                return Task.CompletedTask;
            }

            if (exists && GrainStateVersion.TryParse(expectedEtag, out var expected) && expected == entry.Version)
            {
                _records.Remove(key);
                return Task.CompletedTask;
            }

            storedEtag = exists ? GrainStateVersion.Format(entry.Version) : null;
        }

        StorageLog.ClearConflict(_logger, _name, grainId.ToString(), stateName, storedEtag, expectedEtag);
        throw GrainStateVersion.ClearConflict(_name, grainId, stateName, storedEtag, expectedEtag);
    }

    /// <inheritdoc />
    public Task CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }

    private static (string, string, string) Key(GrainId grainId, string stateName)
    {
        GrainStorageGuard.ThrowIfInvalid(grainId, stateName);
        return (grainId.Type, grainId.Key, stateName);
    }

    private readonly record struct Entry(byte[] Payload, long Version);
}
