using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Router.Gateway.Diagnostics;
using Router.Gateway.Http;

namespace Router.Gateway.Security;

/// <summary>
/// With no API keys configured, the node serves loopback clients only: any other remote address gets 403 problem
/// details. (Start-up already refuses non-loopback listen addresses without keys; this also covers what that check
/// cannot see.) A connection without an IP address (a Unix socket, an in-memory test server) is local.
/// </summary>
internal sealed class LoopbackOnlyMiddleware(RequestDelegate next, ApiKeyStore keys, ILogger<LoopbackOnlyMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (keys.HasKeys || context.Connection.RemoteIpAddress is not { } remote || LoopbackAddresses.IsLoopback(remote))
        {
            return next(context);
        }

        GatewayLog.NonLoopbackClientRejected(logger, remote.ToString());
        return ProblemResults.Forbidden("This node has no API keys configured (Router:Auth:Keys) and serves loopback clients only.")
            .ExecuteAsync(context);
    }
}
