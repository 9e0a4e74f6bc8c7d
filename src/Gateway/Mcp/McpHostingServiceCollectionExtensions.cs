using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Router.Gateway.Mcp;

/// <summary>Registers what the MCP agent endpoints need.</summary>
internal static class McpHostingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the session store and <see cref="McpHostingOptions"/> (bound from <c>Router:Mcp</c>, checked at start-up).
    /// Call before <see cref="McpEndpointRouteBuilderExtensions.MapMcpEndpoint"/>.
    /// </summary>
    public static IServiceCollection AddMcpHosting(this IServiceCollection services)
    {
        services.AddOptions<McpHostingOptions>().BindConfiguration(McpHostingOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<McpHostingOptions>, McpHostingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<McpSessionStore>();
        return services;
    }
}
