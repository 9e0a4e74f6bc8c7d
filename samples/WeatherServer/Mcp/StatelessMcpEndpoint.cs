using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Router.Samples.WeatherServer.Mcp;

/// <summary>
/// A Streamable HTTP MCP endpoint built on ModelContextProtocol.Core alone (ModelContextProtocol.AspNetCore's
/// <c>MapMcp</c> is not available here). It is stateless: every POST gets its own transport and server, so there are
/// no sessions to keep, which suits a sample and the 2026-07-28 protocol revision, and still serves older clients'
/// <c>initialize</c>, <c>tools/list</c> and <c>tools/call</c>. GET and DELETE (session streams) answer 405.
/// </summary>
internal static class StatelessMcpEndpoint
{
    // The SDK keeps its header-name constants internal.
    private const string ProtocolVersionHeader = "MCP-Protocol-Version";

    private static readonly JsonTypeInfo<JsonRpcMessage> MessageTypeInfo =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    private static readonly JsonTypeInfo<JsonRpcError> ErrorTypeInfo =
        (JsonTypeInfo<JsonRpcError>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcError));

    /// <summary>
    /// Maps the endpoint at <paramref name="pattern"/>. Each request's server is configured from
    /// <c>IOptionsFactory&lt;McpServerOptions&gt;</c>, so configure it with <c>services.AddOptions&lt;McpServerOptions&gt;()</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapStatelessMcp(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern) =>
        endpoints.MapPost(pattern, HandlePostAsync);

    private static async Task HandlePostAsync(HttpContext context, IOptionsFactory<McpServerOptions> optionsFactory, ILoggerFactory loggerFactory)
    {
        var accept = context.Request.GetTypedHeaders().Accept;
        if (!accept.Any(a => a.MatchesMediaType("application/json")) || !accept.Any(a => a.MatchesMediaType("text/event-stream")))
        {
            await WriteErrorAsync(context, StatusCodes.Status406NotAcceptable, (int)McpErrorCode.InvalidRequest,
                "Not Acceptable: the client must accept both application/json and text/event-stream.").ConfigureAwait(false);
            return;
        }

        JsonRpcMessage? message;
        try
        {
            message = await context.Request.ReadFromJsonAsync(MessageTypeInfo, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, (int)McpErrorCode.ParseError,
                "Bad Request: the body is not a JSON-RPC message.").ConfigureAwait(false);
            return;
        }

        // The server reads the negotiated revision from the message context, not from HTTP headers.
        if (context.Request.Headers[ProtocolVersionHeader].ToString() is { Length: > 0 } protocolVersion)
        {
            message.Context ??= new JsonRpcMessageContext();
            message.Context.ProtocolVersion = protocolVersion;
        }

        var options = optionsFactory.Create(Options.DefaultName);
        options.ScopeRequests = false;
        var transport = new StreamableHttpServerTransport(loggerFactory) { Stateless = true };
        var server = McpServer.Create(transport, options, loggerFactory, context.RequestServices);
        // The server must be reading before the POST is handed over: the transport's inbox holds one message.
        var running = server.RunAsync(context.RequestAborted);
        try
        {
            // Headers go first: HandlePostRequestAsync flushes as soon as it has something to send.
            context.Response.Headers.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache,no-store";
            context.Response.Headers.ContentEncoding = "identity";
            context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
            var wroteResponse = await transport.HandlePostRequestAsync(message, context.Response.Body, context.RequestAborted).ConfigureAwait(false);
            if (!wroteResponse)
            {
                // A notification or a response: nothing to answer.
                context.Response.Headers.ContentType = (string?)null;
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }
        }
        finally
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            try
            {
                await running.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client went away mid-request.
            }

            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static Task WriteErrorAsync(HttpContext context, int statusCode, int code, string message) =>
        Results.Json(new JsonRpcError { Id = default, Error = new JsonRpcErrorDetail { Code = code, Message = message } }, ErrorTypeInfo, statusCode: statusCode)
            .ExecuteAsync(context);
}
