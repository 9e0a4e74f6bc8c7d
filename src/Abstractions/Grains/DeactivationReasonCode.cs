namespace Router.Abstractions.Grains;

/// <summary>Why an activation was deactivated.</summary>
public enum DeactivationReasonCode
{
    /// <summary>No reason recorded.</summary>
    None = 0,

    /// <summary>The grain asked for it (<see cref="Grain.DeactivateOnIdle"/>).</summary>
    ApplicationRequested = 1,

    /// <summary>Idle for longer than its collection age.</summary>
    ActivationIdle = 2,

    /// <summary>Evicted because the silo holds more activations than its cap.</summary>
    CapacityExceeded = 3,

    /// <summary>A state write found a stale ETag: another activation owns newer state.</summary>
    InconsistentState = 4,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown = 5,

    /// <summary>Another activation of the same grain won placement.</summary>
    DuplicateActivation = 6,

    /// <summary>Activation failed; the activation never served a request.</summary>
    ActivationFailed = 7,
}
