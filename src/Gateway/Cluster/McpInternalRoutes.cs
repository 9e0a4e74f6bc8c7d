using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Router.Gateway.Mcp;
using Router.Gateway.Security;
using Router.Silo.Hosting;
using Router.Silo.Messaging;

namespace Router.Gateway.Cluster;

/// <summary>
/// Takes MCP requests other nodes forward here because this node holds their session (<see cref="McpForwardingProtocol"/>)
/// and runs them through the same handler as the public endpoint (<see cref="McpEndpointRegistry"/>), as the caller the
/// entry node authenticated, with services from this node's container. Served on the silo's internal port only: the
/// caller header is trusted because only cluster nodes can reach that port.
/// </summary>
internal sealed class McpInternalRoutes(
    McpEndpointRegistry endpoints, ISiloStatus silo, IServiceScopeFactory scopes, ILogger<McpInternalRoutes> logger) : ISiloInternalRoutes
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.Map(McpForwardingProtocol.PathPrefix + "/{**path}", HandleAsync);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        request.Path.StartsWithSegments(McpForwardingProtocol.PathPrefix, out var path);
        if (!silo.IsServing)
        {
            // Fenced: others may be about to declare this node dead. The entry node answers as for an unknown session.
            McpForwardingLog.ForwardedWhileFenced(logger, request.Method, path.ToString());
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers[McpForwardingProtocol.OwnerUnavailableHeader] = "fenced";
            return;
        }

        if (!endpoints.TryMatch(request.Method, path, out var handler, out var routeValues))
        {
            McpForwardingLog.ForwardedToNoEndpoint(logger, request.Method, path.ToString());
            await McpJsonRpcErrors.SessionNotFoundAsync(context);
            return;
        }

        // The handler sees the request as the public endpoint would have: its path (sessions answer on the path they were
        // opened on), its route values, and its caller.
        request.PathBase = PathString.Empty;
        request.Path = path;
        request.RouteValues = routeValues;
        context.Features.Set(McpForwardedRequest.Instance);
        context.Features.Set(Caller(request));
        await using var scope = scopes.CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        await handler(context);
    }

    /// <summary>
    /// The identity the entry node authenticated, by name: all a session is bound to (<see cref="McpSessionOwner"/>).
    /// Scopes are not carried: the entry node checked them, and nothing here authorizes again.
    /// </summary>
    private static ApiKeyIdentity? Caller(HttpRequest request)
    {
        var header = request.Headers[McpForwardingProtocol.CallerHeader].ToString();
        if (header.Length == 0)
        {
            return null;
        }

        var name = Uri.UnescapeDataString(header);
        return string.Equals(name, ApiKeyIdentity.LocalOperator.Name, StringComparison.Ordinal)
            ? ApiKeyIdentity.LocalOperator
            : new ApiKeyIdentity(name, ApiKeyScopes.None, []);
    }
}
