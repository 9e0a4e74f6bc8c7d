using Microsoft.Data.Sqlite;
using Router.Gateway.Options;
using Router.Silo.Hosting;
using Router.Silo.Membership;
using Router.Silo.Messaging;
using Router.Silo.Placement;
using Router.Silo.Storage;

namespace Router.Gateway.Hosting;

/// <summary>Registers the grain storage a node's settings choose as the silo's default provider.</summary>
internal static class RouterStorageSiloBuilderExtensions
{
    /// <summary>The provider name grains use when they name none (<see cref="SiloOptions.DefaultStorageName"/>'s default).</summary>
    public const string StorageName = "Default";

    /// <summary>The SQLite database's file name inside <see cref="RouterOptions.DataDirectory"/>.</summary>
    public const string SqliteFileName = "router.db";

    public static ISiloBuilder AddRouterStorage(this ISiloBuilder silo, RouterOptions settings)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(settings);
        var storage = settings.Storage ?? new RouterStorageOptions();
        switch (StorageProviderNames.Normalize(storage.Provider))
        {
            case StorageProviderNames.Sqlite when !string.IsNullOrWhiteSpace(storage.ConnectionString):
                silo.AddSqliteGrainStorage(StorageName, options => options.ConnectionString = storage.ConnectionString);
                break;
            case StorageProviderNames.Sqlite when !string.IsNullOrWhiteSpace(settings.DataDirectory):
                var connectionString = DefaultSqliteConnectionString(settings.DataDirectory);
                silo.AddSqliteGrainStorage(StorageName, options => options.ConnectionString = connectionString);
                break;
            case StorageProviderNames.Postgres when !string.IsNullOrWhiteSpace(storage.ConnectionString):
                silo.AddPostgresGrainStorage(StorageName, options => options.ConnectionString = storage.ConnectionString);
                break;
            case StorageProviderNames.Memory:
                silo.AddMemoryGrainStorage(StorageName);
                break;

            // Anything else is invalid and RouterOptionsValidator stops start-up naming the setting; registering a
            // provider anyway would only add a second, less helpful validation failure.
        }

        return silo;
    }

    /// <summary>
    /// With the <c>postgres</c> provider the node is a member of the cluster <c>Router:Cluster:Id</c> in that database
    /// (membership table, self-fencing, grain directory) and serves other nodes' grain calls on <c>Router:Cluster:InternalPort</c>; with the
    /// others it is on its own.
    /// </summary>
    public static ISiloBuilder AddRouterMembership(this ISiloBuilder silo, RouterOptions settings, string? urls)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(settings);
        if (RouterClusterOptions.IsMember(settings))
        {
            var connectionString = settings.Storage!.ConnectionString!;
            var cluster = settings.Cluster!;
            var address = RouterClusterOptions.ResolveAdvertisedAddress(cluster.AdvertisedAddress, urls, cluster.InternalPort);
            silo.AddPostgresMembership(connectionString, cluster.Id, address)
                .AddPostgresGrainDirectory(connectionString, cluster.Id)
                .AddSiloInternalEndpoint(RouterClusterOptions.InternalEndpoint(urls, cluster.InternalPort));
        }

        return silo;
    }

    /// <summary><c>Data Source=&lt;full path of dataDirectory&gt;/router.db</c>, a relative directory resolved against the working directory.</summary>
    public static string DefaultSqliteConnectionString(string dataDirectory) =>
        new SqliteConnectionStringBuilder { DataSource = Path.Combine(Path.GetFullPath(dataDirectory), SqliteFileName) }.ToString();
}
