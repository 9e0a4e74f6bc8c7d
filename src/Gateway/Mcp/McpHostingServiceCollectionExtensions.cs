using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Router.Gateway.Mcp;

/// <summary>Registers what the MCP agent endpoints need.</summary>
internal static class McpHostingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the session store, the Origin/Host check, the node-local <see cref="IMcpSessionLocator"/> (a cluster node
    /// replaces it) and <see cref="McpHostingOptions"/> (bound from <c>Router:Mcp</c>,
    /// checked at start-up; the endpoints read them on first use, so a bad value is reported there, not when mapping).
    /// Call before <see cref="McpEndpointRouteBuilderExtensions.MapMcpEndpoint"/>.
    /// </summary>
    public static IServiceCollection AddMcpHosting(this IServiceCollection services)
    {
        services.AddOptions<McpHostingOptions>().BindConfiguration(McpHostingOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<McpHostingOptions>, McpHostingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<McpSessionStore>();
        services.TryAddSingleton<McpOriginValidator>();
        services.TryAddSingleton<McpEndpointRegistry>();
        services.TryAddSingleton<IMcpSessionLocator, LocalMcpSessionLocator>();
        return services;
    }
}
