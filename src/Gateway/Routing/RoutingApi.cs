using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;
using Router.Abstractions.Grains;
using Router.Abstractions.Routing;
using Router.Gateway.Http;
using Router.Gateway.Mcp;
using Router.Gateway.Security;

namespace Router.Gateway.Routing;

/// <summary>
/// Maps tool routing: the agent MCP endpoint <c>/v1/mcp/app/{mcpId}/mcp</c> and the REST tool API
/// <c>/v1/mcp/proxy/{mcpId}/…</c>. The version is the newest routable one unless <c>?version=</c> pins it. Both need the
/// admin scope (or, with no keys configured, a loopback client) until a narrower call scope exists.
/// </summary>
internal static class RoutingApi
{
    public const string McpPattern = "/v1/mcp/app/{mcpId}/mcp";

    public static IEndpointRouteBuilder MapRoutingApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapMcpEndpoint(McpPattern, static (context, _) => ServerOptionsAsync(context))
            .RequireRouterAccess(ApiKeyScopes.Admin);
        endpoints.MapGet("/v1/mcp/proxy/{mcpId}/tools", ListToolsAsync).RequireRouterScope(ApiKeyScopes.Admin).WithName("ProxyListTools");
        endpoints.MapPost("/v1/mcp/proxy/{mcpId}/tool/call", CallToolAsync).RequireRouterScope(ApiKeyScopes.Admin).WithName("ProxyCallTool");
        return endpoints;
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ListToolsAsync(string mcpId, string? version, IGrainFactory grains)
    {
        if (await McpInstanceLocator.FindAsync(grains, mcpId, version).ConfigureAwait(false) is not { } instance)
        {
            return RoutingProblems.UnknownServer();
        }

        return Answer(await instance.ListToolsAsync().ConfigureAwait(false));
    }

    public static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> CallToolAsync(
        string mcpId, string? version, HttpRequest request, IGrainFactory grains)
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

        if (call.Arguments is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
        {
            return ProblemResults.Invalid("arguments", "The arguments must be a JSON object.");
        }

        if (await McpInstanceLocator.FindAsync(grains, mcpId, version).ConfigureAwait(false) is not { } instance)
        {
            return RoutingProblems.UnknownServer();
        }

        var arguments = call.Arguments is { ValueKind: JsonValueKind.Object } json ? json.GetRawText() : null;
        var result = await instance.CallToolAsync(call.Name, arguments, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return result is { Outcome: McpInstanceOutcome.Ok, Json: { } text }
            ? TypedResults.Content(text, "application/json")
            : RoutingProblems.For(result.Outcome);
    }

    private static Results<ContentHttpResult, ProblemHttpResult> Answer(McpInstanceResult result) =>
        result is { Outcome: McpInstanceOutcome.Ok, Json: { } json }
            ? TypedResults.Content(json, "application/json")
            : RoutingProblems.For(result.Outcome);

    /// <remarks>The grain factory is resolved per request, not at mapping time, so building the node never starts the silo.</remarks>
    private static async ValueTask<McpServerOptions?> ServerOptionsAsync(HttpContext context)
    {
        var grains = context.RequestServices.GetRequiredService<IGrainFactory>();
        var mcpId = context.Request.RouteValues["mcpId"] as string;
        var version = context.Request.Query["version"].ToString();
        var instance = await McpInstanceLocator.FindAsync(grains, mcpId, version).ConfigureAwait(false);
        return instance is null ? null : McpRoutingServer.Create(mcpId!, instance);
    }
}
