using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Router.Samples.WeatherServer.Mcp;

/// <summary>
/// A stateless Streamable HTTP MCP endpoint on ModelContextProtocol.Core alone: every POST gets its own transport and
/// server. That serves the 2026-07-28 revision (<c>server/discover</c>, no sessions) and older clients' <c>initialize</c>
/// and requests alike. Progress travels on the request's own event stream. A request is cancelled by closing it, or by
/// a <c>notifications/cancelled</c> POST naming its id (see <see cref="InFlightRequests"/>). GET and DELETE answer 405.
/// </summary>
internal static class StatelessMcpEndpoint
{
    // The SDK keeps its header-name constants internal.
    private const string ProtocolVersionHeader = "MCP-Protocol-Version";

    private static readonly JsonTypeInfo<JsonRpcMessage> MessageTypeInfo =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    private static readonly JsonTypeInfo<JsonRpcError> ErrorTypeInfo =
        (JsonTypeInfo<JsonRpcError>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcError));

    private static readonly JsonTypeInfo<CancelledNotificationParams> CancelledTypeInfo =
        (JsonTypeInfo<CancelledNotificationParams>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CancelledNotificationParams));

    public static IEndpointConventionBuilder MapStatelessMcp(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern) =>
        endpoints.MapPost(pattern, HandlePostAsync);

    private static async Task HandlePostAsync(
        HttpContext context, IOptionsFactory<McpServerOptions> optionsFactory, InFlightRequests inFlight, ILoggerFactory loggerFactory)
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

        if (message is JsonRpcNotification { Method: NotificationMethods.CancelledNotification, Params: { } cancelled }
            && cancelled.Deserialize(CancelledTypeInfo) is { } parameters)
        {
            inFlight.Cancel(parameters.RequestId);
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        // The server reads the negotiated revision from the message context, not from HTTP headers.
        if (context.Request.Headers[ProtocolVersionHeader].ToString() is { Length: > 0 } protocolVersion)
        {
            message.Context ??= new JsonRpcMessageContext();
            message.Context.ProtocolVersion = protocolVersion;
        }

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        using var registration = message is JsonRpcRequest request ? inFlight.Register(request.Id, cancellation) : default;
        await ServeAsync(context, message, optionsFactory, loggerFactory, cancellation.Token).ConfigureAwait(false);
    }

    private static async Task ServeAsync(
        HttpContext context, JsonRpcMessage message, IOptionsFactory<McpServerOptions> optionsFactory, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var options = optionsFactory.Create(Options.DefaultName);
        options.ScopeRequests = false;
        var transport = new StreamableHttpServerTransport(loggerFactory) { Stateless = true };
        var server = McpServer.Create(transport, options, loggerFactory, context.RequestServices);
        // The server must be reading before the POST is handed over: the transport's inbox holds one message.
        var running = server.RunAsync(cancellationToken);
        try
        {
            // Headers go first: HandlePostRequestAsync flushes as soon as it has something to send.
            context.Response.Headers.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache,no-store";
            context.Response.Headers.ContentEncoding = "identity";
            context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
            var wroteResponse = await transport.HandlePostRequestAsync(message, context.Response.Body, cancellationToken).ConfigureAwait(false);
            if (!wroteResponse)
            {
                // A notification or a response: nothing to answer.
                context.Response.Headers.ContentType = (string?)null;
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled by the client (closed request or notifications/cancelled): no answer is owed.
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
                // The client went away or cancelled mid-request.
            }

            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static Task WriteErrorAsync(HttpContext context, int statusCode, int code, string message) =>
        Results.Json(new JsonRpcError { Id = default, Error = new JsonRpcErrorDetail { Code = code, Message = message } }, ErrorTypeInfo, statusCode: statusCode)
            .ExecuteAsync(context);
}
