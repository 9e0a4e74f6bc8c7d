namespace Router.Silo.Membership;

/// <summary>
/// The membership table as read at one moment: every silo's row and the table's version, which every status change
/// must name (compare-and-swap) so that changes made from an older view of the cluster fail.
/// </summary>
/// <param name="Entries">Every silo's row, dead ones included.</param>
/// <param name="Version">The table's version when it was read.</param>
public sealed record MembershipSnapshot(IReadOnlyList<MembershipEntry> Entries, long Version)
{
    /// <summary>The row of <paramref name="siloId"/>; null when it has none.</summary>
    public MembershipEntry? Find(string siloId) => Entries.FirstOrDefault(e => e.SiloId == siloId);

    /// <summary>The silos that serve grain calls.</summary>
    public IEnumerable<MembershipEntry> Active => Entries.Where(e => e.Status == MembershipStatus.Active);
}
