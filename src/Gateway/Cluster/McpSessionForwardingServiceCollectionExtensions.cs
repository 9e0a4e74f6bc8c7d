using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Router.Gateway.Mcp;
using Router.Gateway.Options;
using Router.Silo.Messaging;

namespace Router.Gateway.Cluster;

/// <summary>Lets the MCP sessions of a cluster node be used through any node (ADR 0006).</summary>
internal static class McpSessionForwardingServiceCollectionExtensions
{
    /// <summary>
    /// On a cluster node (the <c>postgres</c> provider with a connection string and a cluster id: the settings that make
    /// <see cref="Hosting.RouterStorageSiloBuilderExtensions.AddRouterMembership"/> add membership and the internal port),
    /// session ids name their node and requests for other nodes' sessions are forwarded to them over the internal port.
    /// Elsewhere nothing changes. Works before or after <see cref="McpHostingServiceCollectionExtensions.AddMcpHosting"/>.
    /// </summary>
    public static IServiceCollection AddMcpSessionForwarding(this IServiceCollection services, RouterOptions settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        if (!IsClusterNode(settings))
        {
            return services;
        }

        services.TryAddSingleton<McpSessionForwarder>();
        services.Replace(ServiceDescriptor.Singleton<IMcpSessionLocator>(static sp => sp.GetRequiredService<McpSessionForwarder>()));
        services.TryAddSingleton<McpEndpointRegistry>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISiloInternalRoutes, McpInternalRoutes>());
        return services;
    }

    private static bool IsClusterNode(RouterOptions settings) =>
        StorageProviderNames.Normalize(settings.Storage?.Provider) == StorageProviderNames.Postgres
        && !string.IsNullOrWhiteSpace(settings.Storage?.ConnectionString)
        && !string.IsNullOrWhiteSpace(settings.Cluster?.Id);
}
