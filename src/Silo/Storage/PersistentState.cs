using System.Text.Json;
using Router.Abstractions.Grains;
using Router.Abstractions.Invocation;
using Router.Abstractions.Persistence;

namespace Router.Silo.Storage;

/// <summary>
/// A grain's persistent state bound to one record of a storage provider. Remembers the bytes it last read
/// or wrote, so that deactivation writes only when the state really changed.
/// </summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IPersistentStateLifecycle
    where TState : class, new()
{
    private readonly GrainId _grainId;
    private readonly IGrainStorage _storage;
    private readonly JsonSerializerOptions _options;
    private byte[]? _lastPayload;
    private bool _writeFailed;

    public PersistentState(GrainId grainId, string stateName, IGrainStorage storage, JsonSerializerOptions options)
    {
        _grainId = grainId;
        StateName = stateName;
        _storage = storage;
        _options = options;
    }

    public string StateName { get; }

    public TState State { get; set; } = new();

    public string? Etag { get; private set; }

    public bool RecordExists => Etag is not null;

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var record = await _storage.ReadAsync(_grainId, StateName, cancellationToken);
        if (record is null)
        {
            State = new TState();
            Etag = null;
            _lastPayload = null;
            _writeFailed = false;
            return;
        }

        State = JsonSerializer.Deserialize(record.Payload, GrainArguments.GetTypeInfo<TState>(_options)) ?? new TState();
        Etag = record.Etag;
        _lastPayload = record.Payload;
        _writeFailed = false;
    }

    public Task WriteStateAsync(CancellationToken cancellationToken = default) => WriteStateAsync([], cancellationToken);

    public async Task<long> WriteStateAsync(IReadOnlyList<Abstractions.Events.EventDraft> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var payload = Serialize();
        StateWriteResult result;
        try
        {
            result = events.Count == 0
                ? new StateWriteResult(await _storage.WriteAsync(_grainId, StateName, payload, Etag, cancellationToken), 0)
                : await _storage.WriteWithEventsAsync(_grainId, StateName, payload, Etag, events, cancellationToken);
        }
        catch
        {
            _writeFailed = true;
            throw;
        }

        Etag = result.Etag;
        _lastPayload = payload;
        _writeFailed = false;
        return result.FirstSequence;
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await _storage.ClearAsync(_grainId, StateName, Etag, cancellationToken);
        State = new TState();
        Etag = null;
        _lastPayload = null;
    }

    public async Task<bool> WriteIfDirtyAsync(CancellationToken cancellationToken = default)
    {
        if (_writeFailed)
        {
            // The last explicit write failed: the grain's in-memory state may hold changes whose events were
            // never appended. Writing it now would persist state without its events; the next activation
            // reloads what storage holds instead.
            return false;
        }

        var payload = Serialize();
        var unchanged = _lastPayload is not null
            ? payload.AsSpan().SequenceEqual(_lastPayload)
            : payload.AsSpan().SequenceEqual(Serialize(new TState()));
        if (unchanged)
        {
            return false;
        }

        Etag = await _storage.WriteAsync(_grainId, StateName, payload, Etag, cancellationToken);
        _lastPayload = payload;
        return true;
    }

    private byte[] Serialize() => Serialize(State);

    private byte[] Serialize(TState state) =>
        JsonSerializer.SerializeToUtf8Bytes(state, GrainArguments.GetTypeInfo<TState>(_options));
}
