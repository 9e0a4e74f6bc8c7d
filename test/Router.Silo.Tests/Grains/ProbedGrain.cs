using Router.Abstractions.Grains;
using Router.Silo.Tests.Fixtures;

namespace Router.Silo.Tests.Grains;

/// <summary>Base of test grains: reports activations and deactivations to the probe, and detects overlapping turns.</summary>
internal abstract class ProbedGrain(GrainProbe probe) : Grain
{
    private int _concurrent;

    protected GrainProbe Probe { get; } = probe;

    protected int MaxConcurrency { get; private set; }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Probe.ShouldFailActivation(GetPrimaryKeyString()))
        {
            throw new InvalidOperationException("activation failure requested by the test");
        }

        Probe.RecordActivation(GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Probe.RecordDeactivation(GetPrimaryKeyString(), reason);
        return Task.CompletedTask;
    }

    protected void Enter()
    {
        var now = Interlocked.Increment(ref _concurrent);
        MaxConcurrency = Math.Max(MaxConcurrency, now);
    }

    protected void Exit() => Interlocked.Decrement(ref _concurrent);
}
