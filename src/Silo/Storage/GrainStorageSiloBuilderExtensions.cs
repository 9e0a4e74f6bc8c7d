using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Router.Silo.Hosting;
using Router.Silo.Streams;

namespace Router.Silo.Storage;

/// <summary>
/// Registers grain storage providers on a silo. Each provider is also the <see cref="IEventLog"/> keyed by its name
/// (the same instance), and registering any adds event log retention (<see cref="EventLogSiloBuilderExtensions.AddEventLogRetention"/>).
/// </summary>
public static class GrainStorageSiloBuilderExtensions
{
    /// <summary>Adds an in-process grain storage and event log under <paramref name="name"/>; both are lost at shutdown.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name and service key. Default "Default".</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">A provider named <paramref name="name"/> is already registered.</exception>
    public static ISiloBuilder AddMemoryGrainStorage(this ISiloBuilder builder, string name = "Default")
    {
        var services = AddRegistration(builder, name);
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, _) =>
            new MemoryGrainStorage(name, CreateLogger<MemoryGrainStorage>(provider)));
        return builder;
    }

    /// <summary>
    /// Adds a SQLite grain storage under <paramref name="name"/>. A missing connection string fails start-up
    /// (or the storage's resolution) with an <see cref="OptionsValidationException"/> that names the setting.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name and service key; also the name of its options.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">A provider named <paramref name="name"/> is already registered.</exception>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var services = AddRegistration(builder, name);
        services.AddOptions<SqliteGrainStorageOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteGrainStorageOptions>, SqliteGrainStorageOptionsValidator>());
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, _) => new SqliteGrainStorage(
            name,
            provider.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name),
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            CreateLogger<SqliteGrainStorage>(provider)));
        return builder;
    }

    /// <summary>
    /// Adds a PostgreSQL grain storage under <paramref name="name"/>. A missing connection string or an invalid
    /// table name fails start-up (or the storage's resolution) with an <see cref="OptionsValidationException"/>
    /// that names the setting.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name and service key; also the name of its options.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">A provider named <paramref name="name"/> is already registered.</exception>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, Action<PostgresGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var services = AddRegistration(builder, name);
        services.AddOptions<PostgresGrainStorageOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresGrainStorageOptions>, PostgresGrainStorageOptionsValidator>());
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, _) => new PostgresGrainStorage(
            name,
            provider.GetRequiredService<IOptionsMonitor<PostgresGrainStorageOptions>>().Get(name),
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            CreateLogger<PostgresGrainStorage>(provider)));
        return builder;
    }

    private static IServiceCollection AddRegistration(ISiloBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(GrainStorageRegistration) && d.ImplementationInstance is GrainStorageRegistration r && r.Name == name))
        {
            throw new InvalidOperationException($"A grain storage provider named '{name}' is already registered.");
        }

        services.AddSingleton(new GrainStorageRegistration(name));
        services.AddKeyedSingleton<IEventLog>(name, static (provider, key) => (IEventLog)provider.GetRequiredKeyedService<IGrainStorage>(key));
        builder.AddEventLogRetention();
        return services;
    }

    private static ILogger<T> CreateLogger<T>(IServiceProvider provider) =>
        (provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<T>();
}
