using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Router.Gateway.Mcp;

/// <summary>
/// Serves one Streamable HTTP endpoint: POST (initialize opens a session, later messages go to it; 2026-07-28 and
/// session-less <c>server/discover</c> requests are served by a server of their own), GET (the session's
/// server-to-client stream) and DELETE (ends the session). Every request first passes the
/// <see cref="McpOriginValidator"/>; a session answers only the identity that opened it (<see cref="McpSessionOwner"/>).
/// A request for a session this node does not hold goes to the node that does, if any (<see cref="IMcpSessionLocator"/>).
/// </summary>
internal sealed class McpStreamableHttpHandler(
    McpSessionStore sessions,
    IOptions<McpHostingOptions> options,
    McpOriginValidator origins,
    IMcpSessionLocator locator,
    ILoggerFactory loggerFactory,
    IServiceProvider applicationServices,
    Func<McpServerSessionContext, CancellationToken, ValueTask<IMcpServerSession?>> serverFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<McpStreamableHttpHandler>();
    private readonly McpServerFactory _servers = new(serverFactory, loggerFactory.CreateLogger<McpStreamableHttpHandler>());

    public async Task HandlePostAsync(HttpContext context)
    {
        if (!await origins.CheckAsync(context) || (!IsPerRequestMetadata(context) && await ForwardedAsync(context)))
        {
            return;
        }

        var (message, status) = await McpRequestReader.ReadAsync(context, options.Value.MaxRequestBodyBytes);
        if (message is null)
        {
            Rejected(context, status.ToString());
            return;
        }

        var requestId = message is JsonRpcRequest request ? request.Id : default;
        var sessionId = context.Request.Headers[McpHttpProtocol.SessionId].ToString();
        if (IsPerRequestMetadata(context) || (sessionId.Length == 0 && message is JsonRpcRequest { Method: RequestMethods.ServerDiscover }))
        {
            await ServeStatelesslyAsync(context, message);
            return;
        }

        McpStreamableSession? session;
        if (sessionId.Length == 0)
        {
            if (message is not JsonRpcRequest { Method: RequestMethods.Initialize })
            {
                Rejected(context, "no session and not initialize");
                await McpJsonRpcErrors.WriteAsync(context, StatusCodes.Status400BadRequest, McpJsonRpcErrors.InvalidRequestCode,
                    "Start a session with an initialize request first.", requestId);
                return;
            }

            session = await StartSessionAsync(context, requestId);
            if (session is null)
            {
                return;
            }
        }
        else if (!TryFind(context, sessionId, out session))
        {
            Rejected(context, "unknown session");
            await McpJsonRpcErrors.SessionNotFoundAsync(context, requestId);
            return;
        }

        if (!session.TryEnter())
        {
            await McpJsonRpcErrors.SessionNotFoundAsync(context, requestId);
            return;
        }

        if (message is JsonRpcRequest direct && session.Binding is IMcpDirectAnswers answers && session.Server is { ClientCapabilities: { } capabilities }
            && answers.CanAnswer(direct, capabilities))
        {
            try
            {
                await McpDirectAnswer.WriteAsync(context, session, answers, direct, _logger);
            }
            finally
            {
                session.Exit();
            }

            return;
        }

        if (message is JsonRpcNotification { Method: NotificationMethods.CancelledNotification } cancelled && session.TryCancelDirect(cancelled))
        {
            session.Exit();
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        try
        {
            using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, session.Ended);
            context.Response.Headers[McpHttpProtocol.SessionId] = session.Id;
            McpHttpResponses.PrepareEventStream(context);
            var wroteResponse = await session.Transport.HandlePostRequestAsync(message, context.Response.Body, aborted.Token);
            if (!wroteResponse)
            {
                context.Response.Headers.ContentType = default;
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The agent went away mid-request; there is nobody left to answer.
        }
        catch (Exception) when (session.Ended.IsCancellationRequested)
        {
            // A DELETE or the idle sweep ended the session mid-request (its transport may be disposed under us).
            if (!context.Response.HasStarted)
            {
                context.Response.Headers.ContentType = default;
                await McpJsonRpcErrors.SessionNotFoundAsync(context, requestId);
            }
        }
        finally
        {
            session.Exit();
        }
    }

    public async Task HandleGetAsync(HttpContext context)
    {
        if (!await origins.CheckAsync(context)
            || !await McpRequestReader.CheckProtocolVersionAsync(context) || !await RejectPerRequestMetadataAsync(context)
            || await ForwardedAsync(context))
        {
            return;
        }

        var session = await FindSessionAsync(context);
        if (session is null)
        {
            return;
        }

        if (!session.TryOpenGetStream())
        {
            Rejected(context, "second GET stream");
            await McpJsonRpcErrors.WriteAsync(context, StatusCodes.Status409Conflict, McpJsonRpcErrors.InvalidRequestCode,
                "This session already has its server-to-client stream open.");
            return;
        }

        if (!session.TryEnter())
        {
            session.CloseGetStream();
            await McpJsonRpcErrors.SessionNotFoundAsync(context);
            return;
        }

        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, session.Ended);
        try
        {
            context.Response.Headers[McpHttpProtocol.SessionId] = session.Id;
            McpHttpResponses.PrepareEventStream(context);
            await session.Transport.HandleGetRequestAsync(context.Response.Body, aborted.Token);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // An event stream ends by the agent disconnecting or the session ending.
        }
        finally
        {
            session.CloseGetStream();
            session.Exit();
        }
    }

    public async Task HandleDeleteAsync(HttpContext context)
    {
        if (!await origins.CheckAsync(context)
            || !await McpRequestReader.CheckProtocolVersionAsync(context) || !await RejectPerRequestMetadataAsync(context)
            || await ForwardedAsync(context))
        {
            return;
        }

        var session = await FindSessionAsync(context);
        if (session is null)
        {
            return;
        }

        if (await sessions.EndAsync(session, McpSessionEndReason.Deleted))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
        else
        {
            await McpJsonRpcErrors.SessionNotFoundAsync(context);
        }
    }

    private static bool IsPerRequestMetadata(HttpContext context) =>
        string.CompareOrdinal(context.Request.Headers[McpHttpProtocol.ProtocolVersion].ToString(), McpHttpProtocol.PerRequestMetadataVersion) >= 0;

    /// <summary>From 2026-07-28 on there are no sessions, so no GET stream and nothing to DELETE: 405, Allow: POST.</summary>
    private async Task<bool> RejectPerRequestMetadataAsync(HttpContext context)
    {
        if (!IsPerRequestMetadata(context))
        {
            return true;
        }

        Rejected(context, "no sessions in this protocol revision");
        context.Response.Headers.Allow = HttpMethods.Post;
        await McpJsonRpcErrors.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, McpJsonRpcErrors.InvalidRequestCode,
            "This protocol revision has no sessions; send requests with POST.");
        return false;
    }

    /// <summary>
    /// Hands a request naming a session this node does not hold to the node that does (in a cluster); true when it was
    /// answered that way. A session held here is always served here, whoever asks (and refused here if they may not).
    /// </summary>
    private async ValueTask<bool> ForwardedAsync(HttpContext context)
    {
        var sessionId = context.Request.Headers[McpHttpProtocol.SessionId].ToString();
        return sessionId.Length > 0 && !sessions.TryGet(sessionId, out _) && await locator.TryForwardAsync(context, sessionId);
    }

    private async Task<McpStreamableSession?> FindSessionAsync(HttpContext context)
    {
        var sessionId = context.Request.Headers[McpHttpProtocol.SessionId].ToString();
        if (sessionId.Length == 0)
        {
            Rejected(context, "no session id");
            await McpJsonRpcErrors.WriteAsync(context, StatusCodes.Status400BadRequest, McpJsonRpcErrors.InvalidRequestCode,
                "This request needs the id of an open session.");
            return null;
        }

        if (!TryFind(context, sessionId, out var session))
        {
            Rejected(context, "unknown session");
            await McpJsonRpcErrors.SessionNotFoundAsync(context);
            return null;
        }

        return session;
    }

    /// <summary>
    /// A session answers only on the address (and so the MCP server) it was opened on, and only to the identity that
    /// opened it; to anyone else it does not exist.
    /// </summary>
    private bool TryFind(HttpContext context, string sessionId, out McpStreamableSession session) =>
        sessions.TryGet(sessionId, out session)
        && string.Equals(session.Path, McpHttpResponses.PathOf(context), StringComparison.Ordinal)
        && McpSessionOwner.Matches(context, session.Id, session.Owner, _logger);

    private async Task<McpStreamableSession?> StartSessionAsync(HttpContext context, RequestId requestId)
    {
        var sessionId = locator.NewSessionId();
        var binding = await _servers.CreateAsync(context, sessionId, requestId);
        if (binding is null)
        {
            return null;
        }

        if (!sessions.TryReserve())
        {
            await binding.DisposeAsync();
            await McpJsonRpcErrors.SessionLimitReachedAsync(context, requestId);
            return null;
        }

        var transport = new StreamableHttpServerTransport(loggerFactory) { SessionId = sessionId };
        var session = new McpStreamableSession(
            sessionId,
            McpHttpResponses.PathOf(context),
            McpSessionOwner.Of(context),
            transport,
            binding,
            sessions.TimeProvider,
            sessions.ApplicationStopping);
        try
        {
            // The session outlives this request, so its server resolves services from the application, not the request.
            var server = McpServer.Create(transport, binding.Options, loggerFactory, applicationServices);
            binding.Started(server);
            session.Start(server);
        }
        catch
        {
            sessions.Release();
            await session.DisposeAsync();
            throw;
        }

        sessions.Add(session);
        return session;
    }

    /// <summary>Serves one session-less request with a server that lives as long as the request.</summary>
    private async Task ServeStatelesslyAsync(HttpContext context, JsonRpcMessage message)
    {
        await using var binding = await _servers.CreateAsync(context, sessionId: null, message is JsonRpcRequest { Id: var id } ? id : default);
        if (binding is null)
        {
            return;
        }

        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, sessions.ApplicationStopping);
        if (message is JsonRpcRequest request && binding is IMcpDirectAnswers answers
            && McpDirectAnswer.SessionlessCapabilities(context, request) is { } capabilities && answers.CanAnswer(request, capabilities))
        {
            await McpDirectAnswer.WriteSessionlessAsync(context, answers, request, aborted.Token, _logger);
            StatelessRequestServed(context);
            return;
        }

        var transport = new StreamableHttpServerTransport(loggerFactory) { Stateless = true };
        await using var server = McpServer.Create(transport, binding.Options, loggerFactory, context.RequestServices);
        binding.Started(server);
        var run = server.RunAsync(aborted.Token);
        try
        {
            McpHttpResponses.PrepareEventStream(context);
            var wroteResponse = await transport.HandlePostRequestAsync(
                message, context.Response.Body, first => SetStatusForFirstMessage(context, first), aborted.Token);
            if (!wroteResponse)
            {
                context.Response.Headers.ContentType = default;
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }

            StatelessRequestServed(context);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The agent went away or the node is stopping.
        }
        finally
        {
            await aborted.CancelAsync();
            await transport.DisposeAsync();
            try
            {
                await run;
            }
            catch (OperationCanceledException)
            {
                // The per-request server stops by cancellation.
            }
        }
    }

    /// <summary>
    /// From 2026-07-28 some JSON-RPC errors carry an HTTP status (404 for an unknown method, 400 for a missing
    /// capability, an unsupported version or a header mismatch). The transport reports its first message before it
    /// writes, while the status line can still change.
    /// </summary>
    private static ValueTask SetStatusForFirstMessage(HttpContext context, JsonRpcMessage? first)
    {
        if (first is JsonRpcError { Error: { } error } && !context.Response.HasStarted)
        {
            context.Response.StatusCode = McpDirectAnswer.PerRequestErrorStatus(error, context.Response.StatusCode);
        }

        return default;
    }

    /// <summary>Logged at trace level; the path is not even put together otherwise (this runs on every session-less request).</summary>
    private void StatelessRequestServed(HttpContext context)
    {
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            McpLog.StatelessRequestServed(_logger, McpHttpResponses.PathOf(context));
        }
    }

    private void Rejected(HttpContext context, string reason) =>
        McpLog.RequestRejected(_logger, context.Request.Method, McpHttpResponses.PathOf(context), reason);
}
