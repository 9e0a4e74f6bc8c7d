namespace Router.Silo.Membership;

/// <summary>
/// One silo's row in the membership table. <see cref="SiloId"/> is the address and the generation together, so a restart
/// on the same address is a different silo. <see cref="Etag"/> changes with every status change (not with
/// <see cref="IAmAlive"/> renewals), and conditions the next one.
/// </summary>
/// <param name="SiloId">The silo's identity: <c>{address}@{generation}</c>.</param>
/// <param name="Address">The address other silos reach it at (its advertised internal endpoint).</param>
/// <param name="Generation">Its start time in ticks: higher for a later start on the same address.</param>
/// <param name="StartTime">When it started.</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="IAmAlive">When it last renewed its row, by its own clock.</param>
/// <param name="Etag">The row's version; 0 before it is written.</param>
public sealed record MembershipEntry(
    string SiloId, string Address, long Generation, DateTimeOffset StartTime, MembershipStatus Status, DateTimeOffset IAmAlive, long Etag)
{
    /// <summary>The identity of the silo at <paramref name="address"/> started at <paramref name="startTime"/>.</summary>
    public static string IdOf(string address, DateTimeOffset startTime) => $"{address}@{startTime.UtcTicks}";
}
