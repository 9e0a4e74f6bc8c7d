using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Router.Client.Http;
using Router.Client.Registration;

namespace Router.Client;

/// <summary>Adds self-registration with MCP Router to a host.</summary>
public static class McpRouterServiceCollectionExtensions
{
    /// <summary>
    /// The name of the <see cref="HttpClient"/> the registration uses, for customising it with
    /// <c>services.AddHttpClient(HttpClientName)</c> (a proxy, a certificate, a delegating handler).
    /// </summary>
    public const string HttpClientName = "Router.Client";

    /// <summary>
    /// Adds the registration service: once the host has started it registers the server with the router, keeps the
    /// registration alive and deregisters it at graceful shutdown. Configure it on the returned builder, for example
    /// with <c>.BindConfiguration(McpRouterRegistrationOptions.SectionName)</c>; settings are validated at start-up.
    /// Calling it again adds nothing but returns another builder for the same options.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <returns>The options builder of <see cref="McpRouterRegistrationOptions"/>.</returns>
    public static OptionsBuilder<McpRouterRegistrationOptions> AddMcpRouterRegistration(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpClient(HttpClientName)
            .ConfigureHttpClient((provider, client) =>
                client.Timeout = provider.GetRequiredService<IOptions<McpRouterRegistrationOptions>>().Value.RequestTimeout);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RouterRegistryClient>();
        services.TryAddSingleton<EndpointResolver>();
        services.TryAddSingleton<RegistrationState>();
        services.TryAddSingleton<IMcpRouterRegistration>(provider => provider.GetRequiredService<RegistrationState>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<McpRouterRegistrationOptions>, McpRouterRegistrationOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, McpRouterRegistrationService>());
        return services.AddOptions<McpRouterRegistrationOptions>().ValidateOnStart();
    }

    /// <summary>Adds the registration service (see <see cref="AddMcpRouterRegistration(IServiceCollection)"/>) configured in code.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder of <see cref="McpRouterRegistrationOptions"/>.</returns>
    public static OptionsBuilder<McpRouterRegistrationOptions> AddMcpRouterRegistration(
        this IServiceCollection services, Action<McpRouterRegistrationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddMcpRouterRegistration().Configure(configure);
    }

    /// <summary>
    /// Adds the registration service (see <see cref="AddMcpRouterRegistration(IServiceCollection)"/>) bound from a
    /// configuration section, by default <c>McpRouter</c> (so <c>--McpRouter:RouterUrl=http://127.0.0.1:8080</c> works).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configSectionPath">The configuration section; default <see cref="McpRouterRegistrationOptions.SectionName"/>.</param>
    /// <returns>The options builder of <see cref="McpRouterRegistrationOptions"/>.</returns>
    public static OptionsBuilder<McpRouterRegistrationOptions> AddMcpRouterRegistration(
        this IServiceCollection services, string configSectionPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configSectionPath);
        return services.AddMcpRouterRegistration().BindConfiguration(configSectionPath);
    }
}
