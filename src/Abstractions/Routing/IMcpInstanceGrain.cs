using Router.Abstractions.Grains;

namespace Router.Abstractions.Routing;

/// <summary>
/// One version of one MCP server as agents call it (key: <c>mcp_id/version</c>, see <see cref="McpVersionKey"/>): it holds
/// the version's tool catalog and pooled upstream MCP sessions to its routable replicas, plus an upstream session of their
/// own for the agent sessions that need one. Results carry upstream JSON, so no MCP SDK type crosses the grain boundary.
/// </summary>
public interface IMcpInstanceGrain : IGrainWithStringKey
{
    /// <summary>Lists the tools of the version; on success <see cref="McpInstanceResult.Json"/> is an MCP <c>ListToolsResult</c>.</summary>
    Task<McpInstanceResult> ListToolsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls tool <paramref name="name"/> with <paramref name="argumentsJson"/> (a JSON object, or null for none) on a replica;
    /// on success <see cref="McpInstanceResult.Json"/> is the MCP <c>CallToolResult</c> (which may itself report a tool error).
    /// </summary>
    Task<McpInstanceResult> CallToolAsync(string name, string? argumentsJson, CancellationToken cancellationToken = default);

    /// <summary>
    /// What a replica said about itself when the router connected: on success the result is an object with
    /// <c>protocolVersion</c>, <c>capabilities</c>, <c>serverInfo</c> and <c>instructions</c>, as in an initialize result.
    /// </summary>
    Task<McpForwardResult> DescribeAsync(CancellationToken cancellationToken = default);

    /// <summary>Forwards an agent's request to a replica and returns the replica's answer as it is.</summary>
    Task<McpForwardResult> ForwardAsync(McpForwardRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Passes a notification of agent session <paramref name="agentSessionId"/> (e.g. <c>notifications/roots/list_changed</c>)
    /// to its own upstream session; dropped when it has none (a shared session must not carry one agent's notifications).
    /// </summary>
    Task NotifyUpstreamAsync(string agentSessionId, string method, System.Text.Json.Nodes.JsonNode? parameters);

    /// <summary>
    /// Marks agent session <paramref name="agentSessionId"/> as using this instance: the instance stays active (pinned)
    /// while any is attached, and relays the upstream's list-changed notifications to each.
    /// </summary>
    Task AttachAsync(string agentSessionId);

    /// <summary>Ends what <see cref="AttachAsync"/> began, closing the agent's own upstream session if it had one.</summary>
    Task DetachAsync(string agentSessionId);

    /// <summary>The registry says the version's replicas or tools changed: re-read the replicas and drop the cached tool list.</summary>
    Task RefreshAsync();
}
