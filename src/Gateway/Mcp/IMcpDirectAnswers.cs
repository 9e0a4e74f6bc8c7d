using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Router.Gateway.Mcp;

/// <summary>
/// Implemented by an <see cref="IMcpServerSession"/> that can answer some requests of an established session without its
/// SDK server: the hosting layer then answers with <c>application/json</c> and spares the request the server's dispatch
/// (two thread hand-offs; docs/benchmarks.md, "Routed vs direct").
/// </summary>
internal interface IMcpDirectAnswers
{
    /// <summary>Whether <paramref name="request"/> can be answered directly: nothing to stream back (no progress) and nothing session-scoped.</summary>
    bool CanAnswer(JsonRpcRequest request, McpServer server);

    /// <summary>The request's result; a JSON-RPC error is thrown as the SDK's protocol exception.</summary>
    ValueTask<JsonNode> AnswerAsync(JsonRpcRequest request, CancellationToken cancellationToken);
}
