namespace Router.Silo.Storage;

/// <summary>The runtime's view of a persistent state: load before activation, write if dirty at deactivation.</summary>
internal interface IPersistentStateLifecycle
{
    string StateName { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes the state if it differs from what was last read or written. Returns whether it wrote.</summary>
    Task<bool> WriteIfDirtyAsync(CancellationToken cancellationToken = default);
}
