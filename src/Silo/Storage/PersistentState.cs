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
            return;
        }

        State = JsonSerializer.Deserialize(record.Payload, GrainArguments.GetTypeInfo<TState>(_options)) ?? new TState();
        Etag = record.Etag;
        _lastPayload = record.Payload;
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var payload = Serialize();
        Etag = await _storage.WriteAsync(_grainId, StateName, payload, Etag, cancellationToken);
        _lastPayload = payload;
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
