namespace Router.Silo.Membership;

/// <summary>
/// How a silo keeps its membership: how often it renews its row, when others declare it dead, and when it stops serving
/// on its own because it could not renew. Bound from <c>Router:Cluster:Membership</c>.
/// </summary>
/// <remarks>
/// <see cref="FenceTimeout"/> is shorter than <see cref="DeathTimeout"/>: a silo cut off from the table stops serving
/// grain calls before any other silo may declare it dead and take its grains over, so the two never serve one grain at
/// once for longer than a call already running.
/// </remarks>
public sealed class MembershipOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Router:Cluster:Membership";

    /// <summary>How often a silo renews its row (and reads the others'). Default 1 second.</summary>
    public TimeSpan RenewPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a silo's row may go unrenewed before any other silo declares it dead. Default 6 seconds, so a killed
    /// silo's grains come back elsewhere well within 10 seconds.
    /// </summary>
    public TimeSpan DeathTimeout { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// How long a silo may fail to renew its own row before it stops serving grain calls (until it renews again).
    /// Default 4 seconds; must be longer than <see cref="RenewPeriod"/> and shorter than <see cref="DeathTimeout"/>.
    /// </summary>
    public TimeSpan FenceTimeout { get; set; } = TimeSpan.FromSeconds(4);
}
