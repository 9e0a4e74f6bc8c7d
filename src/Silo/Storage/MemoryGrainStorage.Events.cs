using Router.Abstractions.Events;
using Router.Silo.Streams;

namespace Router.Silo.Storage;

/// <summary>The event log of <see cref="MemoryGrainStorage"/>: a list under the storage's lock.</summary>
public sealed partial class MemoryGrainStorage
{
    // Sequences in _events are consecutive: appends add at the end and trimming only removes a prefix.
    private readonly List<LoggedEvent> _events = [];
    private readonly EventAppendSignal _appended = new();
    private long _lastSequence;

    /// <inheritdoc />
    public Task<long> AppendAsync(IReadOnlyList<EventDraft> events, CancellationToken cancellationToken = default)
    {
        EventDraftGuard.ThrowIfInvalid(events);
        cancellationToken.ThrowIfCancellationRequested();
        long first;
        lock (_gate)
        {
            first = AppendLocked(events);
        }

        SignalAppended();
        return Task.FromResult(first);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_events.Count == 0)
            {
                return Task.FromResult<IReadOnlyList<LoggedEvent>>([]);
            }

            var start = (int)Math.Clamp(afterSequence - _events[0].Sequence + 1, 0, _events.Count);
            var count = Math.Min(maxCount, _events.Count - start);
            var page = new LoggedEvent[count];
            for (var i = 0; i < count; i++)
            {
                var stored = _events[start + i];
                page[i] = stored with { Data = stored.Data.ToArray() };
            }

            return Task.FromResult<IReadOnlyList<LoggedEvent>>(page);
        }
    }

    /// <inheritdoc />
    public Task<EventLogBounds> GetBoundsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(BoundsLocked());
        }
    }

    /// <inheritdoc />
    public Task<StateSnapshot> ReadStatesAsync(string grainType, string stateName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(grainType);
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var states = _records
                .Where(r => r.Key.Type == grainType && r.Key.StateName == stateName)
                .OrderBy(r => r.Key.Key, StringComparer.Ordinal)
                .Select(r => new StateSnapshotEntry(r.Key.Key, r.Value.Payload.ToArray(), GrainStateVersion.Format(r.Value.Version)))
                .ToList();
            return Task.FromResult(new StateSnapshot(_lastSequence, states));
        }
    }

    /// <inheritdoc />
    public Task<long> TrimAsync(DateTimeOffset olderThan, long maxEvents, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxEvents);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_events.Count == 0)
            {
                return Task.FromResult(0L);
            }

            // Only a prefix goes, so what remains stays gap-free: the age cut stops at the first event that is
            // not older than the cutoff, the count cut keeps the newest maxEvents, and the last event always stays.
            var byAge = _events.FindIndex(e => e.Time >= olderThan);
            var keepFrom = byAge < 0 ? _events.Count - 1 : byAge;
            var byCount = _events.Count - (int)Math.Min(maxEvents, _events.Count);
            keepFrom = Math.Min(Math.Max(keepFrom, byCount), _events.Count - 1);
            _events.RemoveRange(0, keepFrom);
            return Task.FromResult((long)keepFrom);
        }
    }

    /// <inheritdoc />
    public Task WaitForAppendAsync(long afterSequence, CancellationToken cancellationToken = default) =>
        _appended.WaitAsync(afterSequence, readStoredLast: null, cancellationToken);

    /// <inheritdoc />
    public long LastKnownSequence => _appended.Last;

    /// <summary>Appends under <see cref="_gate"/> and returns the first sequence number, or 0 for no events.</summary>
    private long AppendLocked(IReadOnlyList<EventDraft> events)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        var first = _lastSequence + 1;
        foreach (var draft in events)
        {
            _events.Add(new LoggedEvent(++_lastSequence, draft.Type, draft.McpId, draft.InstanceId, draft.Version, draft.Time.ToUniversalTime(), draft.Data.ToArray()));
        }

        return first;
    }

    private EventLogBounds BoundsLocked() => new(_events.Count == 0 ? 0 : _events[0].Sequence, _lastSequence);

    private void SignalAppended()
    {
        long last;
        lock (_gate)
        {
            last = _lastSequence;
        }

        _appended.Advance(last);
    }
}
