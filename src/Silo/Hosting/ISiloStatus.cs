namespace Router.Silo.Hosting;

/// <summary>Whether the silo serves grain calls, and whether its storage answers.</summary>
public interface ISiloStatus
{
    /// <summary>True from the end of start-up until shutdown begins.</summary>
    bool IsRunning { get; }

    /// <summary>
    /// True while the silo runs and, in a cluster, holds its membership: false while it is fenced (it could not renew its
    /// row in time) or was declared dead and has not rejoined. Grain calls on a silo that does not serve fail with
    /// <see cref="Router.Abstractions.Grains.SiloUnavailableException"/>.
    /// </summary>
    bool IsServing { get; }

    /// <summary>Checks every registered storage provider; throws when one cannot be reached.</summary>
    Task CheckStorageAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Raised, with their silo ids, when this silo declared other silos of its cluster dead. Their single-activation
    /// grains come back (on whichever silo calls them first) on their next call; a grain that must run without being
    /// called (e.g. to expire leases) needs a call now.
    /// </summary>
    event Action<IReadOnlyList<string>>? SilosDeclaredDead;
}
