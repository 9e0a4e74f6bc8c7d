using System.Text.Json.Nodes;

namespace Router.Abstractions.Routing;

/// <summary>An agent's MCP request for an <see cref="IMcpInstanceGrain"/> to forward to a replica as it is.</summary>
/// <param name="Method">The JSON-RPC method, e.g. <c>tools/call</c> or <c>resources/read</c>.</param>
/// <param name="Params">The request's params as the agent sent them (its <c>_meta.progressToken</c> included), or null.</param>
/// <param name="AgentSessionId">
/// The id under which the node's <see cref="IMcpAgentChannels"/> reaches the agent (its progress notifications, and the
/// server-to-client requests of its own upstream session); null when nothing needs to reach it.
/// </param>
/// <param name="NeedsOwnSession">
/// Whether the request must run on an upstream session of the agent's own (opened on first need, kept until the agent
/// session detaches): the agent answers server-to-client requests, or the method keeps per-session state upstream
/// (<c>logging/setLevel</c>, <c>resources/subscribe</c>). Ignored without <paramref name="AgentSessionId"/>.
/// </param>
/// <param name="AgentFeatures">The server-to-client requests the agent answers; its own upstream session offers the same.</param>
public sealed record McpForwardRequest(
    string Method, JsonNode? Params, string? AgentSessionId, bool NeedsOwnSession, McpAgentFeatures AgentFeatures = McpAgentFeatures.None);
