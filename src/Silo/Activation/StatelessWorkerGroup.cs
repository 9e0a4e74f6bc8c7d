using Router.Abstractions.Grains;

namespace Router.Silo.Activation;

/// <summary>
/// The local activations of one stateless-worker grain id. A call goes to an idle worker (inline when it
/// can), else to a new worker while under the class's maximum, else to the least loaded one.
/// </summary>
internal sealed class StatelessWorkerGroup(ActivationCatalog catalog, GrainId grainId, GrainClassInfo classInfo)
{
    private readonly Lock _lock = new();
    private ActivationData[] _workers = [];

    public GrainId GrainId { get; } = grainId;

    public GrainClassInfo ClassInfo { get; } = classInfo;

    /// <summary>A lock-free snapshot of the workers.</summary>
    public ActivationData[] Workers => Volatile.Read(ref _workers);

    /// <summary>Set when the last worker went away and the group left the catalog; references must resolve again.</summary>
    public bool IsRemoved { get; private set; }

    /// <summary>Chooses the worker to queue a request on, creating one while under the maximum.</summary>
    public ActivationData SelectForQueue()
    {
        lock (_lock)
        {
            ActivationData? best = null;
            foreach (var worker in _workers)
            {
                if (worker.IsUsable && (best is null || worker.Load < best.Load))
                {
                    best = worker;
                }
            }

            if (best is not null && (best.Load == 0 || _workers.Length >= ClassInfo.MaxLocalWorkers))
            {
                return best;
            }

            var created = catalog.CreateWorker(this);
            _workers = [.. _workers, created];
            return created;
        }
    }

    public void Remove(ActivationData worker)
    {
        lock (_lock)
        {
            _workers = Array.FindAll(_workers, w => !ReferenceEquals(w, worker));
            if (_workers.Length == 0)
            {
                IsRemoved = true;
                catalog.RemoveGroup(this);
            }
        }
    }
}
