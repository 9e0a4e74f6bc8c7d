using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Router.Abstractions.Routing;
using Router.Gateway.Http;
using Router.Gateway.Security;

namespace Router.Gateway.Routing;

/// <summary>
/// The REST tool APIs: per server (<c>GET /v1/mcp/proxy/{mcpId}/tools</c>, <c>POST /v1/mcp/proxy/{mcpId}/tool/call</c>) and
/// over every server (<c>GET /api/v1/mcp/tools</c>, <c>POST /api/v1/mcp/tools/{toolName}/execute</c> with namespaced names).
/// Results are the upstream's JSON; failures are problem details with fixed texts.
/// </summary>
internal static class ToolApis
{
    public static IEndpointRouteBuilder MapToolApis(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/mcp/proxy/{mcpId}/tools", ListToolsAsync).RequireRouterScope(RoutingApi.CallScope).WithName("ProxyListTools");
        endpoints.MapPost("/v1/mcp/proxy/{mcpId}/tool/call", CallToolAsync).RequireRouterScope(RoutingApi.CallScope).WithName("ProxyCallTool");
        endpoints.MapGet("/api/v1/mcp/tools", ListCatalogAsync).RequireRouterScope(RoutingApi.CallScope).WithName("ListAllTools");
        endpoints.MapPost("/api/v1/mcp/tools/{toolName}/execute", ExecuteAsync).RequireRouterScope(RoutingApi.CallScope).WithName("ExecuteTool");
        return endpoints;
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ListToolsAsync(string mcpId, string? version, McpVersionResolver resolver)
    {
        if (await resolver.ResolveAsync(mcpId, version).ConfigureAwait(false) is not { } resolved)
        {
            return RoutingProblems.UnknownServer();
        }

        return Answer(await resolver.Instance(mcpId, resolved).ListToolsAsync().ConfigureAwait(false));
    }

    public static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> CallToolAsync(
        string mcpId, string? version, HttpRequest request, McpVersionResolver resolver)
    {
        var body = await JsonBodyReader.ReadAsync(request, RoutingApiJsonContext.Default.ToolCallRequest).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        var call = body.Value!;
        if (string.IsNullOrEmpty(call.Name))
        {
            return ProblemResults.Invalid("name", "The tool name is required.");
        }

        if (InvalidArguments(call.Arguments) is { } invalidArguments)
        {
            return invalidArguments;
        }

        if (await resolver.ResolveAsync(mcpId, version).ConfigureAwait(false) is not { } resolved)
        {
            return RoutingProblems.UnknownServer();
        }

        var result = await resolver.Instance(mcpId, resolved)
            .CallToolAsync(call.Name, ArgumentsJson(call.Arguments), request.HttpContext.RequestAborted).ConfigureAwait(false);
        return result is { Outcome: McpInstanceOutcome.Ok, Json: { } json }
            ? TypedResults.Content(json, "application/json")
            : RoutingProblems.For(result.Outcome);
    }

    public static async Task<ContentHttpResult> ListCatalogAsync(McpToolCatalog catalog, CancellationToken cancellationToken)
    {
        var tools = await catalog.ListAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("tools");
            foreach (var tool in tools)
            {
                writer.WriteStartObject();
                writer.WriteString("name", tool.Tool.Name);
                writer.WriteString("mcpId", tool.McpId);
                writer.WriteString("version", tool.Version);
                writer.WritePropertyName("tool");
                JsonSerializer.Serialize(writer, tool.Tool, McpForwarding.Info<ModelContextProtocol.Protocol.Tool>());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return TypedResults.Content(System.Text.Encoding.UTF8.GetString(buffer.ToArray()), "application/json");
    }

    public static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> ExecuteAsync(
        string toolName, HttpRequest request, McpToolCatalog catalog, McpAgentDirectory directory)
    {
        var body = await JsonBodyReader.ReadAsync(request, RoutingApiJsonContext.Default.ToolExecuteRequest).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        var execute = body.Value!;
        if (InvalidArguments(execute.Arguments) is { } invalidArguments)
        {
            return invalidArguments;
        }

        if (await catalog.FindAsync(toolName).ConfigureAwait(false) is not { } target)
        {
            return RoutingProblems.UnknownTool();
        }

        string? agentSessionId = null;
        if (!string.IsNullOrEmpty(execute.SessionId))
        {
            // A session runs the call on its own upstream session (when it has one); only its owner may use it.
            if (directory.Find(execute.SessionId) is not { } session || session.Owner != RoutingApi.Owner(request.HttpContext))
            {
                return RoutingProblems.UnknownSession();
            }

            agentSessionId = session.Id;
        }

        var parameters = new System.Text.Json.Nodes.JsonObject { ["name"] = target.ToolName };
        if (execute.Arguments is { ValueKind: JsonValueKind.Object } arguments)
        {
            parameters["arguments"] = System.Text.Json.Nodes.JsonNode.Parse(arguments.GetRawText());
        }

        var result = await target.Instance
            .ForwardAsync(new McpForwardRequest("tools/call", parameters, agentSessionId, NeedsOwnSession: false), request.HttpContext.RequestAborted)
            .ConfigureAwait(false);
        return result is { Outcome: McpInstanceOutcome.Ok, Result: { } json }
            ? TypedResults.Content(json.ToJsonString(), "application/json")
            : RoutingProblems.For(result.Outcome);
    }

    private static ValidationProblem? InvalidArguments(JsonElement? arguments) =>
        arguments is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) }
            ? ProblemResults.Invalid("arguments", "The arguments must be a JSON object.")
            : null;

    private static string? ArgumentsJson(JsonElement? arguments) =>
        arguments is { ValueKind: JsonValueKind.Object } json ? json.GetRawText() : null;

    private static Results<ContentHttpResult, ProblemHttpResult> Answer(McpInstanceResult result) =>
        result is { Outcome: McpInstanceOutcome.Ok, Json: { } json }
            ? TypedResults.Content(json, "application/json")
            : RoutingProblems.For(result.Outcome);
}
