using System.ComponentModel;
using Router.Abstractions.Grains;

namespace Router.Abstractions.Invocation;

/// <summary>
/// Base class of generated grain references. A reference names a grain; it never holds the grain itself,
/// so it may be kept, shared between threads and used after the grain was deactivated.
/// </summary>
public abstract class GrainReference : IEquatable<GrainReference>
{
    /// <summary>Creates a reference.</summary>
    protected GrainReference(GrainId grainId, IGrainCallInvoker invoker)
    {
        GrainId = grainId;
        Invoker = invoker;
    }

    /// <summary>The grain this reference names.</summary>
    public GrainId GrainId { get; }

    /// <summary>The runtime that carries calls.</summary>
    protected IGrainCallInvoker Invoker { get; }

    /// <summary>Reserved for the runtime: where it caches the last activation it resolved for this reference.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public object? RuntimeCache { get; set; }

    /// <inheritdoc />
    public bool Equals(GrainReference? other) => other is not null && GrainId == other.GrainId;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GrainReference other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => GrainId.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => GrainId.ToString();
}
