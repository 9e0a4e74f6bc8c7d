using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Router.Gateway.Http;

namespace Router.Gateway.Mcp;

/// <summary>What the Streamable HTTP and legacy SSE endpoints share about their HTTP exchanges.</summary>
internal static class McpHttpResponses
{
    /// <summary>
    /// Makes the response an unbuffered event stream. Call before handing the response body to a transport: the
    /// transport flushes early, after which headers can no longer change.
    /// </summary>
    public static void PrepareEventStream(HttpContext context)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache,no-store";
        context.Response.Headers.ContentEncoding = "identity";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    /// <summary>Answers 404 problem details: the options factory serves no MCP server at this address.</summary>
    public static Task ServerNotFoundAsync(HttpContext context) =>
        ProblemResults.NotFound("No MCP server is served at this address.").ExecuteAsync(context);

    /// <summary>A new session id: 128 random bits, URL-safe.</summary>
    public static string NewSessionId()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    public static string PathOf(HttpContext context) => (context.Request.PathBase + context.Request.Path).ToString();
}
