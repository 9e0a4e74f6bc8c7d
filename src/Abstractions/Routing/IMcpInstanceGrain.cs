using Router.Abstractions.Grains;

namespace Router.Abstractions.Routing;

/// <summary>
/// One version of one MCP server as agents call it (key: <c>mcp_id/version</c>, see <see cref="McpVersionKey"/>): it holds
/// pooled upstream MCP sessions to that version's routable replicas. Results carry the upstream JSON as text, so no MCP
/// SDK type crosses the grain boundary.
/// </summary>
public interface IMcpInstanceGrain : IGrainWithStringKey
{
    /// <summary>Lists the tools of a replica; on success <see cref="McpInstanceResult.Json"/> is an MCP <c>ListToolsResult</c>.</summary>
    Task<McpInstanceResult> ListToolsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls tool <paramref name="name"/> with <paramref name="argumentsJson"/> (a JSON object, or null for none) on a replica;
    /// on success <see cref="McpInstanceResult.Json"/> is the MCP <c>CallToolResult</c> (which may itself report a tool error).
    /// </summary>
    Task<McpInstanceResult> CallToolAsync(string name, string? argumentsJson, CancellationToken cancellationToken = default);
}
