using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Router.Gateway.Mcp;

/// <summary>
/// Serves the legacy HTTP+SSE transport (protocol 2024-11-05): a GET opens the stream and announces the message
/// endpoint with the session id in its query; POSTs there deliver the agent's messages. Both pass the
/// <see cref="McpOriginValidator"/> first; a session takes messages only from the identity that opened its stream.
/// Messages for a session whose stream is held by another node go to that node (<see cref="IMcpSessionLocator"/>).
/// </summary>
internal sealed class McpSseHandler(
    McpSessionStore sessions,
    IOptions<McpHostingOptions> options,
    McpOriginValidator origins,
    IMcpSessionLocator locator,
    ILoggerFactory loggerFactory,
    IServiceProvider applicationServices,
    RoutePattern messagePattern,
    Func<McpServerSessionContext, CancellationToken, ValueTask<IMcpServerSession?>> serverFactory)
{
    private const string SessionIdQueryName = "sessionId";

    private readonly ConcurrentDictionary<string, McpSseSession> _sessions = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggerFactory.CreateLogger<McpSseHandler>();
    private readonly McpServerFactory _servers = new(serverFactory, loggerFactory.CreateLogger<McpSseHandler>());

    public async Task HandleStreamAsync(HttpContext context)
    {
        if (!await origins.CheckAsync(context))
        {
            return;
        }

        var sessionId = locator.NewSessionId();
        await using var binding = await _servers.CreateAsync(context, sessionId);
        if (binding is null)
        {
            return;
        }

        if (!sessions.TryReserve())
        {
            await McpJsonRpcErrors.SessionLimitReachedAsync(context);
            return;
        }

        var routeValues = MessageRouteValues(context);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, sessions.ApplicationStopping);
        McpHttpResponses.PrepareEventStream(context);
        var endpoint = $"{MessagePath(context, routeValues)}?{SessionIdQueryName}={sessionId}";
        var transport = new SseResponseStreamTransport(context.Response.Body, endpoint, sessionId);
        _sessions[sessionId] = new McpSseSession(transport, routeValues, McpSessionOwner.Of(context));
        McpLog.SseSessionStarted(_logger, sessionId, McpHttpResponses.PathOf(context));
        try
        {
            var transportRun = transport.RunAsync(ended.Token);
            try
            {
                // The session is the stream: the server lives exactly as long as this request.
                await using var server = McpServer.Create(transport, binding.Options, loggerFactory, applicationServices);
                binding.Started(server);
                await server.RunAsync(ended.Token);
            }
            finally
            {
                await transport.DisposeAsync();
                await transportRun;
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The agent closed the stream or the node is stopping.
        }
        finally
        {
            _sessions.TryRemove(sessionId, out _);
            sessions.Release();
            McpLog.SseSessionEnded(_logger, sessionId);
        }
    }

    public async Task HandleMessageAsync(HttpContext context)
    {
        if (!await origins.CheckAsync(context))
        {
            return;
        }

        var sessionId = context.Request.Query[SessionIdQueryName].ToString();
        if (sessionId.Length == 0)
        {
            McpLog.RequestRejected(_logger, context.Request.Method, McpHttpResponses.PathOf(context), "no session id");
            await McpJsonRpcErrors.WriteAsync(context, StatusCodes.Status400BadRequest, McpJsonRpcErrors.InvalidRequestCode,
                "Post messages to the endpoint the event stream announced, with its sessionId.");
            return;
        }

        if (!_sessions.ContainsKey(sessionId) && await locator.TryForwardAsync(context, sessionId))
        {
            return;
        }

        if (!_sessions.TryGetValue(sessionId, out var session)
            || !SameRoute(context, session.MessageRouteValues)
            || !McpSessionOwner.Matches(context, sessionId, session.Owner, _logger))
        {
            McpLog.RequestRejected(_logger, context.Request.Method, McpHttpResponses.PathOf(context), "unknown session");
            await McpJsonRpcErrors.SessionNotFoundAsync(context);
            return;
        }

        var (message, status) = await McpRequestReader.ReadAsync(context, options.Value.MaxRequestBodyBytes);
        if (message is null)
        {
            McpLog.RequestRejected(_logger, context.Request.Method, McpHttpResponses.PathOf(context), status.ToString());
            return;
        }

        try
        {
            await session.Transport.OnMessageReceivedAsync(message, context.RequestAborted);
        }
        catch (InvalidOperationException)
        {
            // The stream closed between the look-up and the delivery (a closed channel or a disposed transport).
            await McpJsonRpcErrors.SessionNotFoundAsync(context, message is JsonRpcRequest request ? request.Id : default);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await context.Response.WriteAsync("Accepted", context.RequestAborted);
    }

    private Dictionary<string, string> MessageRouteValues(HttpContext context) =>
        messagePattern.Parameters.ToDictionary(
            p => p.Name,
            p => context.Request.RouteValues[p.Name]?.ToString() ?? string.Empty,
            StringComparer.OrdinalIgnoreCase);

    private static bool SameRoute(HttpContext context, IReadOnlyDictionary<string, string> expected) =>
        expected.All(pair => string.Equals(context.Request.RouteValues[pair.Key]?.ToString(), pair.Value, StringComparison.Ordinal));

    /// <summary>The message pattern with this stream's route values filled in, under the request's path base.</summary>
    private string MessagePath(HttpContext context, Dictionary<string, string> routeValues)
    {
        var path = new StringBuilder(context.Request.PathBase.ToUriComponent());
        foreach (var segment in messagePattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => Uri.EscapeDataString(routeValues[parameter.Name]),
                    _ => string.Empty,
                });
            }
        }

        return path.ToString();
    }
}
