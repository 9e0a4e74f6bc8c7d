using ModelContextProtocol.Protocol;

namespace Router.Gateway.Routing;

/// <summary>A tool of the catalog: its server, the version it comes from, and the tool under its namespaced name.</summary>
internal sealed record McpCatalogTool(string McpId, string Version, Tool Tool);
