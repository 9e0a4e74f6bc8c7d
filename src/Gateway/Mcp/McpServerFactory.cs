using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace Router.Gateway.Mcp;

/// <summary>
/// An endpoint's server factory, guarded: a factory that answers null gets 404 problem details, one that throws (its
/// backing store or grain did not answer) gets 503 with a JSON-RPC error — never a 500, never the exception's text.
/// </summary>
internal sealed class McpServerFactory(Func<McpServerSessionContext, CancellationToken, ValueTask<IMcpServerSession?>> factory, ILogger logger)
{
    /// <summary>The session's server, or null once the refusal has been written.</summary>
    public async ValueTask<IMcpServerSession?> CreateAsync(HttpContext context, string? sessionId, RequestId requestId = default)
    {
        IMcpServerSession? session;
        try
        {
            session = await factory(new McpServerSessionContext(context, sessionId), context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            McpLog.ServerFactoryFailed(logger, e, context.Request.Method, McpHttpResponses.PathOf(context));
            await McpJsonRpcErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, McpJsonRpcErrors.ServerErrorCode,
                "The MCP server cannot be reached right now; retry later.", requestId);
            return null;
        }

        if (session is null)
        {
            McpLog.RequestRejected(logger, context.Request.Method, McpHttpResponses.PathOf(context), "no MCP server here");
            await McpHttpResponses.ServerNotFoundAsync(context);
        }

        return session;
    }
}
