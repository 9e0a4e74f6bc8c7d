namespace Router.Silo.Membership;

/// <summary>
/// The cluster's membership table: a row per silo plus a version for the whole table. Status changes are
/// compare-and-swap on both the table's version and the row's ETag, so of several silos acting on the same view exactly
/// one succeeds; liveness renewals touch only the silo's own <see cref="MembershipEntry.IAmAlive"/>.
/// </summary>
internal interface IMembershipTable
{
    /// <summary>Creates the table and the cluster's version row if missing; safe when several silos start at once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Every row of the cluster and the table's version, read together.</summary>
    Task<MembershipSnapshot> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds <paramref name="entry"/> if the table is still at <paramref name="expectedVersion"/>; false otherwise or if the silo has a row.</summary>
    Task<bool> TryInsertAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the row of <paramref name="entry"/> if the table is still at <paramref name="expectedVersion"/> and the
    /// row still has <see cref="MembershipEntry.Etag"/>; false otherwise.
    /// </summary>
    Task<bool> TryUpdateAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Records that <paramref name="siloId"/> is alive at <paramref name="now"/>; false when its row is gone or dead.</summary>
    Task<bool> RenewAsync(string siloId, DateTimeOffset now, CancellationToken cancellationToken = default);
}
