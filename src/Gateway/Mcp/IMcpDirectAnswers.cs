using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace Router.Gateway.Mcp;

/// <summary>
/// Implemented by an <see cref="IMcpServerSession"/> that can answer some requests without its SDK server: the hosting
/// layer then answers with <c>application/json</c> and spares the request the server's dispatch (two thread hand-offs;
/// docs/benchmarks.md, "Routed vs direct"). Requests of an established session and session-less 2026-07-28 requests
/// qualify; the hosting layer checks what the protocol asks of the request itself (<see cref="McpDirectAnswer"/>).
/// </summary>
internal interface IMcpDirectAnswers
{
    /// <summary>The server identity that 2026-07-28 results carry in their <c>_meta</c>.</summary>
    Implementation ServerInfo { get; }

    /// <summary>
    /// Whether <paramref name="request"/> can be answered directly: a method the server offers, nothing to stream back
    /// (no progress) and nothing session-scoped. <paramref name="capabilities"/> are the agent's (a session's, or those in
    /// a session-less request's metadata).
    /// </summary>
    bool CanAnswer(JsonRpcRequest request, ClientCapabilities? capabilities);

    /// <summary>The request's result; a JSON-RPC error is thrown as the SDK's protocol exception.</summary>
    ValueTask<JsonNode> AnswerAsync(JsonRpcRequest request, CancellationToken cancellationToken);
}
