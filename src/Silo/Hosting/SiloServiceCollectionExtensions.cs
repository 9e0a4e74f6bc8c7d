using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Router.Abstractions.Grains;
using Router.Silo.Activation;
using Router.Silo.Serialization;

namespace Router.Silo.Hosting;

/// <summary>Registers a silo in an application's services.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// Adds a silo: the grain runtime, <see cref="IGrainFactory"/>, <see cref="ISiloStatus"/> and a hosted
    /// service that starts the silo with the host and deactivates every grain at shutdown.
    /// </summary>
    public static ISiloBuilder AddSilo(this IServiceCollection services, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SiloOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SiloOptions>, SiloOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton<GrainTypeCatalog>();
        services.TryAddSingleton<GrainSerializer>();
        services.TryAddSingleton<SiloRuntime>();
        services.TryAddSingleton<ISiloStatus>(sp => sp.GetRequiredService<SiloRuntime>());
        services.TryAddSingleton(sp => sp.GetRequiredService<SiloRuntime>().GrainFactory);
        services.AddHostedService<SiloHostedService>();

        var builder = new SiloBuilder(services);
        configure?.Invoke(builder);
        return builder;
    }

    /// <summary>Hosts the grain classes of <paramref name="assembly"/>.</summary>
    public static ISiloBuilder AddGrains(this ISiloBuilder builder, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(assembly);
        builder.Services.AddSingleton(new GrainAssemblyRegistration(assembly));
        return builder;
    }

    /// <summary>Makes the types of a source-generated serializer context usable in grain calls and state.</summary>
    public static ISiloBuilder AddSerializerContext(this ISiloBuilder builder, JsonSerializerContext context)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(context);
        builder.Services.AddSingleton(new SerializerContextRegistration(context));
        return builder;
    }

    /// <summary>Configures the silo's runtime options.</summary>
    public static ISiloBuilder Configure(this ISiloBuilder builder, Action<SiloOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }
}
