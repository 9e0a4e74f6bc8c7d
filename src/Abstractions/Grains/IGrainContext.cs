namespace Router.Abstractions.Grains;

/// <summary>
/// What the runtime gives an activation: its identity, services and lifecycle controls.
/// Grain code reaches it through the members of <see cref="Grain"/>.
/// </summary>
public interface IGrainContext
{
    /// <summary>The id of the grain.</summary>
    GrainId GrainId { get; }

    /// <summary>A factory for references to other grains.</summary>
    IGrainFactory GrainFactory { get; }

    /// <summary>The clock every grain must use.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>The application services.</summary>
    IServiceProvider Services { get; }

    /// <summary>Asks the runtime to deactivate this activation once the current request completes.</summary>
    void DeactivateOnIdle();

    /// <summary>Keeps the activation from idle collection for at least <paramref name="timeSpan"/>.</summary>
    void DelayDeactivation(TimeSpan timeSpan);

    /// <summary>Registers a timer whose callbacks run as turns of this activation.</summary>
    IGrainTimer RegisterTimer(Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options);

    /// <summary>
    /// Pins the activation: while any pin is held, it is never collected for idleness or evicted by the
    /// activation cap. Dispose the pin to release it.
    /// </summary>
    IDisposable Pin();
}
