using Router.Abstractions.Grains;
using Router.Silo.Activation;
using Router.Silo.Diagnostics;

namespace Router.Silo.Collection;

/// <summary>
/// Deactivates activations that stayed idle past their collection age, enforces the activation cap by
/// evicting the least recently used idle activations, and fails calls that waited past the response timeout.
/// Busy (running or queued) and pinned activations are never collected or evicted.
/// </summary>
internal sealed class ActivationCollector(SiloRuntime runtime) : IDisposable
{
    private static readonly DeactivationReason IdleReason = new(DeactivationReasonCode.ActivationIdle, "Idle past the collection age.");
    private static readonly DeactivationReason CapacityReason = new(DeactivationReasonCode.CapacityExceeded, "Evicted to keep the activation count under the cap.");

    private readonly Lock _capLock = new();
    private ITimer? _collectionTimer;
    private int _evictionPending;
    private int _evictionWorkerRunning;
    private ITimer? _timeoutTimer;

    public void Start()
    {
        var options = runtime.Options;
        var time = runtime.TimeProvider;
        _collectionTimer = time.CreateTimer(static s => ((ActivationCollector)s!).CollectIdle(), this, options.CollectionQuantum, options.CollectionQuantum);
        var sweep = TimeSpan.FromTicks(Math.Clamp(options.ResponseTimeout.Ticks / 10, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _timeoutTimer = time.CreateTimer(static s => ((ActivationCollector)s!).SweepTimeouts(), this, sweep, sweep);
    }

    /// <summary>Starts deactivation of every activation idle past its age; returns how many.</summary>
    public int CollectIdle()
    {
        var now = runtime.TimeProvider.GetTimestamp();
        var count = 0;
        foreach (var activation in runtime.Catalog.All)
        {
            var info = activation.ClassInfo;
            if (info.KeepAlive)
            {
                continue;
            }

            var age = runtime.Options.ClassSpecificCollectionAge.TryGetValue(info.TypeName, out var specific)
                ? specific
                : info.CollectionAge ?? runtime.Options.CollectionAge;
            if (activation.TryDeactivateIfIdle(now - ToTimestamp(age), honourDelay: true, IdleReason))
            {
                count++;
            }
        }

        if (count > 0)
        {
            SiloLog.IdleCollection(runtime.Logger, count);
        }

        return count;
    }

    /// <summary>Called for each new activation: evicts in the background when the cap is exceeded.</summary>
    public void OnActivationAdded()
    {
        var cap = runtime.Options.MaxActivations;
        if (cap > 0 && runtime.Catalog.LiveCount > cap)
        {
            Volatile.Write(ref _evictionPending, 1);
            if (Interlocked.CompareExchange(ref _evictionWorkerRunning, 1, 0) == 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static c => c.RunEvictionWorker(), this, preferLocal: false);
            }
        }
    }

    /// <summary>Runs eviction passes until no activation was added over the cap meanwhile (no lost wake-ups).</summary>
    private void RunEvictionWorker()
    {
        while (true)
        {
            while (Interlocked.Exchange(ref _evictionPending, 0) == 1)
            {
                EnforceCap();
            }

            Volatile.Write(ref _evictionWorkerRunning, 0);
            if (Volatile.Read(ref _evictionPending) == 0 || Interlocked.CompareExchange(ref _evictionWorkerRunning, 1, 0) != 0)
            {
                return;
            }
        }
    }

    /// <summary>Evicts least recently used idle, unpinned activations until the count is at most the cap; returns how many.</summary>
    public int EnforceCap()
    {
        var cap = runtime.Options.MaxActivations;
        if (cap <= 0)
        {
            return 0;
        }

        lock (_capLock)
        {
            return EvictOnce(cap);
        }
    }

    private int EvictOnce(int cap)
    {
        var excess = runtime.Catalog.LiveCount - cap;
        if (excess <= 0)
        {
            return 0;
        }

        {
            var evicted = 0;
            var valid = runtime.Catalog.All.Where(a => !a.ClassInfo.KeepAlive && a.State == ActivationState.Valid).ToList();

            // An eviction asked for earlier whose deactivation has not started yet still counts as live: it is on its
            // way out, and evicting another in its place would take one too many.
            var candidates = valid.Where(a => !a.IsDeactivationPending).OrderBy(a => a.LastActive).ToList();
            excess -= valid.Count - candidates.Count;
            foreach (var activation in candidates)
            {
                if (evicted >= excess)
                {
                    break;
                }

                if (activation.TryDeactivateIfIdle(long.MaxValue, honourDelay: false, CapacityReason))
                {
                    evicted++;
                }
            }

            if (evicted > 0)
            {
                SiloLog.CapacityEviction(runtime.Logger, cap, evicted);
            }

            return evicted;
        }
    }

    /// <summary>Fails calls that waited for their turn longer than the response timeout; returns how many.</summary>
    public int SweepTimeouts()
    {
        var timeout = runtime.Options.ResponseTimeout;
        var deadline = runtime.TimeProvider.GetTimestamp() - ToTimestamp(timeout);
        var count = 0;
        foreach (var activation in runtime.Catalog.All)
        {
            if (activation.WaitingCount > 0)
            {
                count += activation.FailWaitingOlderThan(deadline, timeout);
            }
        }

        if (count > 0)
        {
            runtime.Instruments.CallTimeouts.Add(count);
        }

        return count;
    }

    public void Dispose()
    {
        _collectionTimer?.Dispose();
        _timeoutTimer?.Dispose();
    }

    private long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * runtime.TimeProvider.TimestampFrequency);
}
