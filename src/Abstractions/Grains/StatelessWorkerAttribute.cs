namespace Router.Abstractions.Grains;

/// <summary>
/// Makes a grain class a stateless worker: each node keeps up to <see cref="MaxLocalWorkers"/> local
/// activations per id, adding one when all are busy, and registers none of them in the grain directory.
/// Calls are served by the local node with no network hop.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class StatelessWorkerAttribute : Attribute
{
    /// <summary>Uses one worker per processor.</summary>
    public StatelessWorkerAttribute()
        : this(Environment.ProcessorCount)
    {
    }

    /// <summary>Uses at most <paramref name="maxLocalWorkers"/> workers per id and node.</summary>
    public StatelessWorkerAttribute(int maxLocalWorkers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLocalWorkers, 1);
        MaxLocalWorkers = maxLocalWorkers;
    }

    /// <summary>The most activations per id on one node.</summary>
    public int MaxLocalWorkers { get; }
}
