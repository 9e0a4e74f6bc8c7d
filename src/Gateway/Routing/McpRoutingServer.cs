using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Router.Abstractions.Routing;

namespace Router.Gateway.Routing;

/// <summary>
/// The MCP server an agent sees at <c>/v1/mcp/app/{mcpId}/mcp</c>: <c>tools/list</c> and <c>tools/call</c> forwarded to the
/// version's <see cref="IMcpInstanceGrain"/>. Failures become JSON-RPC errors with fixed texts.
/// </summary>
internal static class McpRoutingServer
{
    private static readonly JsonTypeInfo<ListToolsResult> ListToolsResultInfo =
        (JsonTypeInfo<ListToolsResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ListToolsResult));

    private static readonly JsonTypeInfo<CallToolResult> CallToolResultInfo =
        (JsonTypeInfo<CallToolResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult));

    public static McpServerOptions Create(string mcpId, IMcpInstanceGrain instance) => new()
    {
        ServerInfo = new Implementation { Name = mcpId, Version = "1.0.0" },
        Capabilities = new ServerCapabilities { Tools = new ToolsCapability() },
        Handlers = new McpServerHandlers
        {
            ListToolsHandler = async (request, cancellationToken) =>
            {
                var result = await instance.ListToolsAsync(cancellationToken).ConfigureAwait(false);
                return JsonSerializer.Deserialize(Succeeded(result), ListToolsResultInfo) ?? new ListToolsResult();
            },
            CallToolHandler = async (request, cancellationToken) =>
            {
                var parameters = request.Params ?? throw new McpProtocolException("tools/call needs params.", McpErrorCode.InvalidParams);
                var result = await instance.CallToolAsync(parameters.Name, ArgumentsJson(parameters.Arguments), cancellationToken).ConfigureAwait(false);
                return JsonSerializer.Deserialize(Succeeded(result), CallToolResultInfo) ?? new CallToolResult();
            },
        },
    };

    /// <summary>The arguments as a JSON object, or null when there are none.</summary>
    public static string? ArgumentsJson(IDictionary<string, JsonElement>? arguments)
    {
        if (arguments is null)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in arguments)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Succeeded(McpInstanceResult result) => result.Outcome switch
    {
        McpInstanceOutcome.Ok => result.Json ?? "{}",
        McpInstanceOutcome.InvalidRequest => throw new McpProtocolException("The tool name or arguments are invalid.", McpErrorCode.InvalidParams),
        McpInstanceOutcome.Timeout => throw new McpProtocolException("The MCP server did not answer in time.", McpErrorCode.InternalError),
        McpInstanceOutcome.UpstreamError => throw new McpProtocolException("The MCP server answered with an error or broke the session.", McpErrorCode.InternalError),
        _ => throw new McpProtocolException("No replica of the MCP server can take calls right now; retry later.", McpErrorCode.InternalError),
    };
}
