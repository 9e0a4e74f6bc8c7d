using Router.Abstractions.Grains;

namespace Router.Silo.Activation;

/// <summary>A request that could not run inline: it waits in an activation's queue for its turn.</summary>
internal abstract class PendingRequest
{
    protected PendingRequest(GrainId grainId, RequestKind kind)
    {
        GrainId = grainId;
        Kind = kind;
    }

    public GrainId GrainId { get; }

    public RequestKind Kind { get; }

    /// <summary>When it entered the waiting queue (runtime timestamp), for the response timeout.</summary>
    public long EnqueuedTimestamp { get; set; }

    /// <summary>The activation that admitted the request.</summary>
    public ActivationData? Activation { get; set; }

    public abstract string MethodName { get; }

    /// <summary>Runs the request in its activation's turn. Must end with <see cref="ActivationData.CompleteRequest"/>.</summary>
    public abstract void Start();

    /// <summary>Fails the request without running it.</summary>
    public abstract void Fail(Exception exception);

    /// <summary>Sends the request on after its activation went away; timer ticks are dropped instead.</summary>
    public virtual void Forward(SiloRuntime runtime) => runtime.Dispatch(this);
}
