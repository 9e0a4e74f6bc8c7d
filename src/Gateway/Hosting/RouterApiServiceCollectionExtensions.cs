using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Router.Abstractions.Registry;
using Router.Gateway.Events;
using Router.Gateway.Http;
using Router.Gateway.Options;
using Router.Gateway.Registry;
using Router.Gateway.Security;

namespace Router.Gateway.Hosting;

/// <summary>Registers the node's HTTP APIs: API keys, the registration API, the event feed and start-up recovery.</summary>
internal static class RouterApiServiceCollectionExtensions
{
    public static IServiceCollection AddRouterApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.AddOptions<RegistryOptions>().BindConfiguration(RegistryOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RegistryOptions>, RegistryOptionsValidator>());
        services.AddOptions<EventFeedOptions>().BindConfiguration(EventFeedOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventFeedOptions>, EventFeedOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApiKeyStore>();
        services.TryAddSingleton<EventFeed>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EventFeed>(static provider => provider.GetRequiredService<EventFeed>()));
        services.TryAddSingleton<EventStream>();
        services.TryAddSingleton<ConnectionLeaseStream>();
        services.TryAddSingleton<BatchHeartbeats>();
        services.AddHostedService<RegistryRecoveryService>();

        services.AddProblemDetails();
        services.AddExceptionHandler<RouterExceptionHandler>();

        // RouterExceptionHandler logs each failure with the router's own event ids; the middleware need not repeat it.
        services.Configure<ExceptionHandlerOptions>(options => options.SuppressDiagnosticsCallback = static _ => true);
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, GatewayJsonContext.Default);
            options.SerializerOptions.TypeInfoResolverChain.Insert(1, RegistryJsonContext.Default);
        });
        return services;
    }
}
