using System.Collections.Concurrent;
using Router.Abstractions.Grains;

namespace Router.Silo.Activation;

/// <summary>
/// The activations of this silo. A single-activation grain id maps to one activation: concurrent first
/// calls race on one dictionary insert and all use the winner. Stateless-worker ids map to a worker group.
/// </summary>
internal sealed class ActivationCatalog(SiloRuntime runtime)
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _single = new();
    private readonly ConcurrentDictionary<GrainId, StatelessWorkerGroup> _workerGroups = new();
    private readonly ConcurrentDictionary<long, ActivationData> _all = new();
    private long _waiting;
    private int _deactivating;

    /// <summary>Raised after an activation has been deactivated.</summary>
    public event Action<ActivationData, DeactivationReason>? Deactivated;

    public int Count => _all.Count;

    /// <summary>Activations that are neither deactivating nor gone: what the activation cap counts.</summary>
    public int LiveCount => _all.Count - Volatile.Read(ref _deactivating);

    public long WaitingRequests => Interlocked.Read(ref _waiting);

    public ICollection<ActivationData> All => _all.Values;

    /// <summary>The single activation of <paramref name="grainId"/> on this silo, if there is one.</summary>
    public bool TryGetActivation(GrainId grainId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ActivationData? activation) =>
        _single.TryGetValue(grainId, out activation);

    /// <summary>Finds or creates what serves <paramref name="grainId"/>: an <see cref="ActivationData"/> or a <see cref="StatelessWorkerGroup"/>.</summary>
    public object Resolve(GrainId grainId)
    {
        if (_single.TryGetValue(grainId, out var existing))
        {
            return existing;
        }

        if (_workerGroups.TryGetValue(grainId, out var group))
        {
            return group;
        }

        var classInfo = runtime.Types.GetByTypeName(grainId.Type);
        if (classInfo.IsStatelessWorker)
        {
            return _workerGroups.GetOrAdd(grainId, static (id, state) => new StatelessWorkerGroup(state.Catalog, id, state.ClassInfo), (Catalog: this, ClassInfo: classInfo));
        }

        runtime.ThrowIfNotRunning();
        var created = new ActivationData(runtime, grainId, classInfo, workerGroup: null);
        var winner = _single.GetOrAdd(grainId, created);
        if (ReferenceEquals(winner, created))
        {
            Add(created);
        }

        return winner;
    }

    public ActivationData CreateWorker(StatelessWorkerGroup group)
    {
        runtime.ThrowIfNotRunning();
        var created = new ActivationData(runtime, group.GrainId, group.ClassInfo, group);
        Add(created);
        return created;
    }

    public void Remove(ActivationData activation)
    {
        if (activation.State == ActivationState.Deactivating)
        {
            Interlocked.Decrement(ref _deactivating);
        }

        if (activation.WorkerGroup is { } group)
        {
            group.Remove(activation);
        }
        else
        {
            _single.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));
        }

        _all.TryRemove(activation.Id, out _);
    }

    public void RemoveGroup(StatelessWorkerGroup group) =>
        _workerGroups.TryRemove(new KeyValuePair<GrainId, StatelessWorkerGroup>(group.GrainId, group));

    public void OnDeactivating() => Interlocked.Increment(ref _deactivating);

    public void AdjustWaiting(int delta) => Interlocked.Add(ref _waiting, delta);

    public void OnDeactivated(ActivationData activation, DeactivationReason reason) => Deactivated?.Invoke(activation, reason);

    private void Add(ActivationData activation)
    {
        _all[activation.Id] = activation;
        activation.Start();
        runtime.Collector.OnActivationAdded();
    }
}
