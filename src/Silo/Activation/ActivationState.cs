namespace Router.Silo.Activation;

/// <summary>The lifecycle of an activation.</summary>
internal enum ActivationState
{
    Created,
    Activating,
    Valid,
    Deactivating,
    Invalid,
}
