using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Router.Silo.Hosting;

namespace Router.Silo.Placement;

/// <summary>Keeps a cluster's single-activation grains single: a grain directory in PostgreSQL, and placement through it.</summary>
public static class PlacementSiloBuilderExtensions
{
    /// <summary>
    /// Registers each activation of a single-activation grain in the directory table of the cluster
    /// <paramref name="clusterId"/> in the database of <paramref name="connectionString"/>, and sends calls to the silo that
    /// holds the grain. Needs the cluster's membership (<c>AddPostgresMembership</c>) and the silos' internal endpoints
    /// (<c>AddSiloInternalEndpoint</c>); without membership the silo keeps every grain local.
    /// </summary>
    public static ISiloBuilder AddPostgresGrainDirectory(this ISiloBuilder builder, string connectionString, string clusterId)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        builder.Services.TryAddSingleton<IGrainDirectory>(_ => new PostgresGrainDirectory(connectionString, clusterId));
        return builder;
    }
}
