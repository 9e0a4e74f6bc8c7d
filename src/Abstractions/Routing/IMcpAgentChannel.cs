using System.Text.Json.Nodes;

namespace Router.Abstractions.Routing;

/// <summary>The way back to one agent session on this node: notifications and server-to-client requests.</summary>
public interface IMcpAgentChannel
{
    /// <summary>Sends the agent a notification (<c>notifications/progress</c>, <c>notifications/message</c>, <c>…/list_changed</c>, …).</summary>
    ValueTask NotifyAsync(string method, JsonNode? parameters, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends the agent a request (<c>sampling/createMessage</c>, <c>elicitation/create</c>, <c>roots/list</c>) and returns its
    /// result; the agent's JSON-RPC error is thrown as the MCP SDK's protocol exception.
    /// </summary>
    ValueTask<JsonNode?> RequestAsync(string method, JsonNode? parameters, CancellationToken cancellationToken = default);
}
