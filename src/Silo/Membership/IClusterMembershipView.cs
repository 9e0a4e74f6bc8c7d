namespace Router.Silo.Membership;

/// <summary>
/// What a cluster member knows of its cluster, for the parts of a node outside the silo (the gateway uses it to find the
/// node that holds an MCP session). Read-only and lock-free: it is the view the silo's membership rounds last read, so it
/// may lag the table by one <see cref="MembershipOptions.RenewPeriod"/>.
/// </summary>
public interface IClusterMembershipView
{
    /// <summary>This silo's identity (<c>{address}@{generation}</c>, <see cref="MembershipEntry.IdOf"/>) once it has joined; null before.</summary>
    string? SiloId { get; }

    /// <summary>The membership table as this silo last read it; null before its first read.</summary>
    MembershipSnapshot? Snapshot { get; }
}
