using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Router.Abstractions.Events;
using Router.Abstractions.Routing;
using Router.Gateway.Hosting;
using Router.Silo.Streams;

namespace Router.Gateway.Routing;

/// <summary>Registers tool routing: the routing table, version resolution, the agent session directory, the tool catalog and registry-driven updates.</summary>
internal static class ToolRoutingServiceCollectionExtensions
{
    public static IServiceCollection AddToolRouting(this IServiceCollection services)
    {
        services.TryAddSingleton<McpRoutingTable>();
        services.TryAddSingleton<IMcpRoutingTable>(static sp => sp.GetRequiredService<McpRoutingTable>());
        services.TryAddSingleton<McpVersionResolver>();
        services.TryAddSingleton<IMcpInstanceActivity>(static sp => sp.GetRequiredService<McpVersionResolver>());
        services.TryAddSingleton<McpAgentDirectory>();
        services.TryAddSingleton<IMcpAgentChannels>(static sp => sp.GetRequiredService<McpAgentDirectory>());
        services.TryAddSingleton<McpToolCatalog>();
        services.TryAddSingleton<IEventPublisher>(static sp =>
            new EventLogPublisher(sp.GetRequiredKeyedService<IEventLog>(RouterStorageSiloBuilderExtensions.StorageName)));
        services.AddHostedService<McpRoutingEvents>();
        return services;
    }
}
