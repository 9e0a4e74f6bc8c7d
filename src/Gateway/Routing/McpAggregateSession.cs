using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Router.Abstractions.Routing;

namespace Router.Gateway.Routing;

/// <summary>
/// An agent's session at <c>/v1/mcp/mcp</c>: the tools of every registered server (newest routable version each) under one
/// endpoint, named <c>{mcpId}__{tool}</c>. A call goes to the server its name starts with.
/// </summary>
internal sealed class McpAggregateSession(string id, bool stateful, string? owner, McpAgentDirectory directory, McpToolCatalog catalog)
    : McpAgentSessionBase(id, stateful, owner, directory)
{
    public override McpServerOptions Options { get; } = new()
    {
        ServerInfo = new Implementation { Name = "mcp-router", Version = "1.0.0" },
        ServerInstructions = "The tools of every MCP server registered with this router, named {mcpId}__{tool}.",
        Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = true } },
    };

    public static McpAggregateSession Open(string id, bool stateful, string? owner, McpAgentDirectory directory, McpToolCatalog catalog)
    {
        var session = new McpAggregateSession(id, stateful, owner, directory, catalog);
        session.Options.Handlers = new McpServerHandlers
        {
            ListToolsHandler = async (request, cancellationToken) =>
                new ListToolsResult { Tools = [.. (await catalog.ListAsync(cancellationToken).ConfigureAwait(false)).Select(t => t.Tool)] },
            CallToolHandler = (request, cancellationToken) => session.CallAsync(request.JsonRpcRequest, request.Server, cancellationToken),
        };
        directory.Add(session);
        return session;
    }

    private async ValueTask<CallToolResult> CallAsync(JsonRpcRequest request, McpServer server, CancellationToken cancellationToken)
    {
        var name = request.Params?["name"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? request.Params["name"]!.GetValue<string>() : null;
        if (name is null || await catalog.FindAsync(name).ConfigureAwait(false) is not { } target)
        {
            throw new McpProtocolException($"Unknown tool: '{name}'. Tools here are named {{mcpId}}__{{tool}}; list them with tools/list.", McpErrorCode.InvalidParams);
        }

        var parameters = (JsonObject)request.Params!.DeepClone();
        parameters["name"] = target.ToolName;
        return await ForwardAsync<CallToolResult>(target.Instance, request, server, cancellationToken, RequestMethods.ToolsCall, parameters).ConfigureAwait(false);
    }
}
