using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Router.Silo.Hosting;

namespace Router.Silo.Membership;

/// <summary>Makes a silo a member of a cluster whose membership table lives in PostgreSQL.</summary>
public static class MembershipSiloBuilderExtensions
{
    /// <summary>
    /// Joins the cluster <paramref name="clusterId"/> in the database of <paramref name="connectionString"/> as the silo
    /// at <paramref name="advertisedAddress"/> (unique per node: a later silo on the same address supersedes the earlier).
    /// Timings come from <see cref="MembershipOptions"/>, validated at start-up. The node's other parts see the cluster
    /// through <see cref="IClusterMembershipView"/>.
    /// </summary>
    public static ISiloBuilder AddPostgresMembership(this ISiloBuilder builder, string connectionString, string clusterId, string advertisedAddress)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        ArgumentException.ThrowIfNullOrWhiteSpace(advertisedAddress);
        var services = builder.Services;
        services.AddOptions<MembershipOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MembershipOptions>, MembershipOptionsValidator>());
        services.TryAddSingleton<IMembershipTable>(_ => new PostgresMembershipTable(connectionString, clusterId));
        services.TryAddSingleton(sp => new SiloMembership(
            sp.GetRequiredService<IMembershipTable>(),
            advertisedAddress,
            sp.GetRequiredService<IOptions<MembershipOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SiloMembership>>()));
        services.TryAddSingleton<IClusterMembershipView>(sp => sp.GetRequiredService<SiloMembership>());
        return builder;
    }
}
