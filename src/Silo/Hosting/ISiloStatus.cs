namespace Router.Silo.Hosting;

/// <summary>Whether the silo serves grain calls, and whether its storage answers.</summary>
public interface ISiloStatus
{
    /// <summary>True from the end of start-up until shutdown begins.</summary>
    bool IsRunning { get; }

    /// <summary>Checks every registered storage provider; throws when one cannot be reached.</summary>
    Task CheckStorageAsync(CancellationToken cancellationToken = default);
}
