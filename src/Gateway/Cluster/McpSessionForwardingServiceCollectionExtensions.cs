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
    /// On a cluster node (<see cref="RouterClusterOptions.IsMember"/>, as for membership and the internal port),
    /// session ids name their node and requests for other nodes' sessions are forwarded to them over the internal port.
    /// Elsewhere nothing changes. Works before or after <see cref="McpHostingServiceCollectionExtensions.AddMcpHosting"/>.
    /// </summary>
    public static IServiceCollection AddMcpSessionForwarding(this IServiceCollection services, RouterOptions settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        if (!RouterClusterOptions.IsMember(settings))
        {
            return services;
        }

        services.TryAddSingleton<McpSessionForwarder>();
        services.Replace(ServiceDescriptor.Singleton<IMcpSessionLocator>(static sp => sp.GetRequiredService<McpSessionForwarder>()));
        services.TryAddSingleton<McpEndpointRegistry>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISiloInternalRoutes, McpInternalRoutes>());
        return services;
    }
}
