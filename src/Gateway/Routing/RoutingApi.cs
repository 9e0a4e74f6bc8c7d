using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Router.Gateway.Mcp;
using Router.Gateway.Security;

namespace Router.Gateway.Routing;

/// <summary>
/// Maps tool routing: the agent MCP endpoints (Streamable HTTP <c>/v1/mcp/app/{mcpId}/mcp</c>, legacy SSE
/// <c>/v1/mcp/app/{mcpId}/sse</c> + <c>/message</c>, the aggregate <c>/v1/mcp/mcp</c>) and the REST tool APIs. The version
/// is the newest routable one unless <c>?version=</c> pins it. All need the call scope (or, with no keys configured, a
/// loopback client).
/// </summary>
internal static class RoutingApi
{
    public const string McpPattern = "/v1/mcp/app/{mcpId}/mcp";
    public const string SsePattern = "/v1/mcp/app/{mcpId}/sse";
    public const string MessagePattern = "/v1/mcp/app/{mcpId}/message";
    public const string AggregatePattern = "/v1/mcp/mcp";

    /// <summary>Session-less requests served so far (<see cref="NewRequestId"/>).</summary>
    private static long _requests;

    public static IEndpointRouteBuilder MapRoutingApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapMcpEndpoint(McpPattern, OpenServerSessionAsync).RequireRouterAccess(CallScope);
        endpoints.MapMcpSseEndpoint(SsePattern, MessagePattern, OpenServerSessionAsync).RequireRouterAccess(CallScope);
        endpoints.MapMcpEndpoint(AggregatePattern, OpenAggregateSessionAsync).RequireRouterAccess(CallScope);
        endpoints.MapToolApis();
        return endpoints;
    }

    /// <summary>The scope that lets a key call tools.</summary>
    public static ApiKeyScopes CallScope => ApiKeyScopes.Call;

    /// <summary>The name of the key the request was authenticated with; null for the loopback operator without keys.</summary>
    public static string? Owner(HttpContext context) =>
        context.Features.Get<ApiKeyIdentity>() is { } identity && !ReferenceEquals(identity, ApiKeyIdentity.LocalOperator) ? identity.Name : null;

    /// <remarks>Services are resolved per request, not at mapping time, so building the node never starts the silo.</remarks>
    private static async ValueTask<IMcpServerSession?> OpenServerSessionAsync(McpServerSessionContext session, CancellationToken cancellationToken)
    {
        var http = session.HttpContext;
        var services = http.RequestServices;
        return await McpAgentSession.OpenAsync(
            session.SessionId ?? NewRequestId(),
            stateful: session.SessionId is not null,
            Owner(http),
            services.GetRequiredService<McpAgentDirectory>(),
            services.GetRequiredService<McpVersionResolver>(),
            http.Request.RouteValues["mcpId"] as string,
            http.Request.Query["version"].ToString(),
            cancellationToken).ConfigureAwait(false);
    }

    private static ValueTask<IMcpServerSession?> OpenAggregateSessionAsync(McpServerSessionContext session, CancellationToken cancellationToken)
    {
        var services = session.HttpContext.RequestServices;
        return ValueTask.FromResult<IMcpServerSession?>(McpAggregateSession.Open(
            session.SessionId ?? NewRequestId(),
            stateful: session.SessionId is not null,
            Owner(session.HttpContext),
            services.GetRequiredService<McpAgentDirectory>(),
            services.GetRequiredService<McpToolCatalog>()));
    }

    /// <summary>
    /// The id a session-less request's agent session is known by while it lasts. It never leaves the node (only the
    /// node's agent directory and its local instance grains see it), so a counter will do: unlike a random id it costs
    /// no read of the system's random source per request. Real session ids are hex and cannot collide with it.
    /// </summary>
    private static string NewRequestId() =>
        string.Create(CultureInfo.InvariantCulture, $"request-{Interlocked.Increment(ref _requests)}");
}
