using Router.Abstractions.Grains;

namespace Router.Silo.Placement;

/// <summary>
/// The cluster's grain directory: which silo holds the activation of each single-activation grain. The first writer
/// wins; an entry is replaced only by naming the entry it replaces (a takeover from a dead silo), so two silos can never
/// both believe they won.
/// </summary>
internal interface IGrainDirectory
{
    /// <summary>Creates the directory's table if missing; safe when several silos start at once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Registers <paramref name="address"/> unless the grain has an entry; with <paramref name="previous"/>, replaces that
    /// entry only if it is still the grain's entry. Returns the grain's entry afterwards: <paramref name="address"/> when
    /// it won, the other silo's otherwise.
    /// </summary>
    Task<GrainAddress> RegisterAsync(GrainAddress address, GrainAddress? previous = null, CancellationToken cancellationToken = default);

    /// <summary>The grain's entry; null when it has none.</summary>
    Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken = default);

    /// <summary>Removes <paramref name="address"/> if it is still the grain's entry (a deactivation).</summary>
    Task UnregisterAsync(GrainAddress address, CancellationToken cancellationToken = default);

    /// <summary>Removes every entry of <paramref name="siloId"/> (a dead silo); returns how many.</summary>
    Task<int> UnregisterSiloAsync(string siloId, CancellationToken cancellationToken = default);
}
