using Router.Abstractions.Routing;

namespace Router.Gateway.Routing;

/// <summary>Where a namespaced tool name leads: the server, its version's instance, and the tool's own name there.</summary>
internal sealed record McpCatalogTarget(string McpId, string Version, string ToolName, IMcpInstanceGrain Instance);
