using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Router.Gateway.Diagnostics;
using Router.Gateway.Http;

namespace Router.Gateway.Security;

/// <summary>
/// Authenticates a request by its API key and checks that the key has the endpoint's scope, and for the register scope
/// the request's <c>{mcpId}</c>. Missing or unknown key: 401; wrong scope or MCP id: 403. With no keys configured every
/// request (already known to come from loopback, <see cref="LoopbackOnlyMiddleware"/>) acts as the local operator. The
/// identity is left in the request's features for handlers that check more (the batch heartbeat).
/// </summary>
internal sealed class RouterAccessFilter(ApiKeyStore keys, ApiKeyScopes scope, ILogger<RouterAccessFilter> logger) : IEndpointFilter
{
    public const string ApiKeyHeader = "X-Api-Key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var identity = Authenticate(http);
        if (identity is null)
        {
            GatewayLog.RequestUnauthenticated(logger, http.Request.Method, http.Request.Path);
            http.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
            return ValueTask.FromResult<object?>(ProblemResults.Unauthorized());
        }

        if (!identity.Has(scope))
        {
            GatewayLog.RequestForbidden(logger, identity.Name, http.Request.Method, http.Request.Path);
            return ValueTask.FromResult<object?>(ProblemResults.Forbidden($"The API key lacks the scope this endpoint needs ({ScopeName})."));
        }

        if (scope == ApiKeyScopes.Register && http.Request.RouteValues["mcpId"] is string mcpId && !identity.CanRegister(mcpId))
        {
            GatewayLog.RequestForbidden(logger, identity.Name, http.Request.Method, http.Request.Path);
            return ValueTask.FromResult<object?>(ProblemResults.Forbidden("The API key does not cover this MCP server."));
        }

        http.Features.Set(identity);
        return next(context);
    }

    private string ScopeName => ApiKeyScopeNames.NameOf(scope);

    private ApiKeyIdentity? Authenticate(HttpContext http)
    {
        if (!keys.HasKeys)
        {
            return ApiKeyIdentity.LocalOperator;
        }

        return PresentedKey(http.Request) is { Length: > 0 } key ? keys.Find(key) : null;
    }

    /// <summary>The key of <c>Authorization: Bearer &lt;key&gt;</c>, else of <c>X-Api-Key</c>, else null.</summary>
    private static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        if (authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return authorization[Bearer.Length..].Trim();
        }

        var apiKey = request.Headers[ApiKeyHeader].ToString();
        return apiKey.Length > 0 ? apiKey.Trim() : null;
    }
}
