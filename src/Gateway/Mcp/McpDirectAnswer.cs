using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Router.Gateway.Mcp;

/// <summary>
/// Answers a request with <c>application/json</c>, without an SDK server (<see cref="IMcpDirectAnswers"/>): a request of an
/// established session, or a session-less 2026-07-28 request whose metadata is complete. A session-less answer is shaped
/// as the SDK server shapes one for that revision, so the agent cannot tell the two paths apart.
/// </summary>
internal static class McpDirectAnswer
{
    private static readonly JsonTypeInfo<JsonRpcMessage> MessageInfo =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    private static readonly JsonTypeInfo<ClientCapabilities> CapabilitiesInfo =
        (JsonTypeInfo<ClientCapabilities>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ClientCapabilities));

    private static readonly JsonTypeInfo<Implementation> ImplementationInfo =
        (JsonTypeInfo<Implementation>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Implementation));

    /// <summary>Results that 2026-07-28 lets clients cache: the SDK server stamps them uncacheable unless the handler said otherwise.</summary>
    private static readonly HashSet<string> CacheableMethods = new(StringComparer.Ordinal)
    {
        RequestMethods.ToolsList,
        RequestMethods.PromptsList,
        RequestMethods.ResourcesList,
        RequestMethods.ResourcesTemplatesList,
        RequestMethods.ResourcesRead,
    };

    /// <summary>Answers a request of <paramref name="session"/>; the agent's <c>notifications/cancelled</c> reaches it.</summary>
    public static async Task WriteAsync(HttpContext context, McpStreamableSession session, IMcpDirectAnswers answers, JsonRpcRequest request, ILogger logger)
    {
        using var cancellation = session.BeginDirect(request.Id, context.RequestAborted);
        JsonRpcMessage? answer;
        try
        {
            answer = await AnswerAsync(context, answers, request, cancellation.Token, logger);
        }
        finally
        {
            session.EndDirect(request.Id);
        }

        if (answer is null)
        {
            return;
        }

        context.Response.Headers[McpHttpProtocol.SessionId] = session.Id;
        context.Response.StatusCode = StatusCodes.Status200OK;
        await WriteMessageAsync(context, answer);
    }

    /// <summary>
    /// The agent capabilities of a session-less request that the SDK server would serve as it is: revision 2026-07-28 in
    /// the header and in <c>_meta</c> alike, and the client capabilities <c>_meta</c> must carry. Null for anything else,
    /// which goes to the SDK server (and gets its error, if it is one).
    /// </summary>
    public static ClientCapabilities? SessionlessCapabilities(HttpContext context, JsonRpcRequest request)
    {
        if (!string.Equals(context.Request.Headers[McpHttpProtocol.ProtocolVersion].ToString(), McpHttpProtocol.PerRequestMetadataVersion, StringComparison.Ordinal)
            || request.Params?["_meta"] is not JsonObject meta
            || meta[MetaKeys.ProtocolVersion] is not JsonValue version
            || !version.TryGetValue(out string? declared)
            || !string.Equals(declared, McpHttpProtocol.PerRequestMetadataVersion, StringComparison.Ordinal)
            || meta[MetaKeys.ClientCapabilities] is not JsonObject capabilities)
        {
            return null;
        }

        try
        {
            return capabilities.Deserialize(CapabilitiesInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Answers a session-less request <see cref="SessionlessCapabilities"/> accepted.</summary>
    public static async Task WriteSessionlessAsync(HttpContext context, IMcpDirectAnswers answers, JsonRpcRequest request, CancellationToken cancellationToken, ILogger logger)
    {
        var answer = await AnswerAsync(context, answers, request, cancellationToken, logger);
        switch (answer)
        {
            case null:
                return;
            case JsonRpcResponse { Result: JsonObject result }:
                ShapeForPerRequestMetadata(request.Method, result, answers.ServerInfo);
                break;
            case JsonRpcError { Error: { } error }:
                context.Response.StatusCode = PerRequestErrorStatus(error, StatusCodes.Status200OK);
                break;
        }

        await WriteMessageAsync(context, answer);
    }

    /// <summary>
    /// From 2026-07-28 some JSON-RPC errors carry an HTTP status: 404 for an unknown method, 400 for a missing capability,
    /// an unsupported version or a header mismatch; <paramref name="otherwise"/> for the rest.
    /// </summary>
    public static int PerRequestErrorStatus(JsonRpcErrorDetail error, int otherwise) =>
        (McpErrorCode)error.Code switch
        {
            McpErrorCode.MethodNotFound => StatusCodes.Status404NotFound,
            McpErrorCode.MissingRequiredClientCapability
                or McpErrorCode.UnsupportedProtocolVersion
                or McpErrorCode.HeaderMismatch => StatusCodes.Status400BadRequest,
            _ => otherwise,
        };

    /// <summary>The answer to send; null when the request was cancelled (by the agent, its going away, or the session ending).</summary>
    private static async ValueTask<JsonRpcMessage?> AnswerAsync(
        HttpContext context, IMcpDirectAnswers answers, JsonRpcRequest request, CancellationToken cancellationToken, ILogger logger)
    {
        try
        {
            return new JsonRpcResponse { Id = request.Id, Result = await answers.AnswerAsync(request, cancellationToken) };
        }
        catch (McpProtocolException e)
        {
            return new JsonRpcError { Id = request.Id, Error = new JsonRpcErrorDetail { Code = (int)e.ErrorCode, Message = e.Message } };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // No answer is owed.
            if (!context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }

            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            McpLog.DirectAnswerFailed(logger, e, request.Method, McpHttpResponses.PathOf(context));
            return new JsonRpcError
            {
                Id = request.Id,
                Error = new JsonRpcErrorDetail { Code = (int)McpErrorCode.InternalError, Message = "The router could not complete the request." },
            };
        }
    }

    /// <summary>
    /// What the SDK server adds to a result on revision 2026-07-28: <c>resultType</c>, a cache lifetime of zero and private
    /// scope on cacheable results unless the upstream set them, and the server's identity in <c>_meta</c>.
    /// </summary>
    private static void ShapeForPerRequestMetadata(string method, JsonObject result, Implementation serverInfo)
    {
        result["resultType"] ??= "complete";
        if (CacheableMethods.Contains(method))
        {
            result["ttlMs"] ??= 0;
            result["cacheScope"] ??= "private";
        }

        if (result["_meta"] is not JsonObject meta)
        {
            meta = new JsonObject();
            result["_meta"] = meta;
        }

        meta[MetaKeys.ServerInfo] = JsonSerializer.SerializeToNode(serverInfo, ImplementationInfo);
    }

    /// <summary>
    /// Writes the answer whole, with its length: the agent has all of it in one write and need not wait for the end of a
    /// chunked body, which would go out only once the request's handling has unwound.
    /// </summary>
    private static Task WriteMessageAsync(HttpContext context, JsonRpcMessage answer)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(answer, MessageInfo);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
