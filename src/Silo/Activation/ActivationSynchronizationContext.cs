namespace Router.Silo.Activation;

/// <summary>
/// The synchronization context grain code runs under. An <c>await</c> in grain code captures it, so the
/// continuation is posted back to the activation's queue and runs as part of the activation's turns.
/// </summary>
internal sealed class ActivationSynchronizationContext(ActivationData activation) : SynchronizationContext
{
    public ActivationData Activation { get; } = activation;

    public override void Post(SendOrPostCallback d, object? state) => Activation.Post(d, state);

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Grain code cannot block on its own activation.");

    public override SynchronizationContext CreateCopy() => this;
}
