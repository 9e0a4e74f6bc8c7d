namespace Router.Grains.Registry;

/// <summary>
/// Where the connection registry keeps its state: the grain type and state name under which every registry grain's
/// <see cref="RegistryState"/> is stored. Readers of the storage (the event feed's snapshot, start-up recovery) use
/// these to find every server's record without activating a grain.
/// </summary>
public static class RegistryStorageNames
{
    /// <summary>The grain type of the connection registry: <c>connection-registry</c>.</summary>
    public const string GrainType = "connection-registry";

    /// <summary>The name of its persisted state: <c>registry</c>.</summary>
    public const string StateName = "registry";
}
