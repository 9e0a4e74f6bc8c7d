using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Router.Grains.Upstream;

/// <summary>
/// Sends one forwarded request on an established Streamable HTTP session (protocol 2025-03-26 to 2025-11-25) as a plain
/// HTTP POST and reads its answer on the same flow. The MCP client that opened the session keeps everything else (the
/// handshake, its event stream, notifications outside requests); this path spares a plain request the client's
/// hand-offs between threads (docs/benchmarks.md, "Routed vs direct").
/// </summary>
/// <remarks>
/// On the answer's event stream, progress notifications go to the pool's in-order sink and other notifications to its
/// notification sink; a server-to-client request (which a shared session never advertised) is declined at once so the
/// upstream does not wait for it. Cancellation sends <c>notifications/cancelled</c> and abandons the POST.
/// </remarks>
internal static class DirectPost
{
    /// <summary>The newest protocol revision with sessions; later ones go through the MCP client.</summary>
    public const string LastSessionRevision = "2025-11-25";

    private static readonly JsonTypeInfo<JsonRpcMessage> MessageInfo =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    private static readonly JsonTypeInfo<RequestId> RequestIdInfo =
        (JsonTypeInfo<RequestId>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(RequestId));

    /// <summary>How long the rest of an answered request's stream may take to end.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(1);

    private static long _nextId;

    /// <summary>Whether a session on this transport and protocol revision can take direct posts.</summary>
    public static bool Applies(UpstreamTransport transport, string? protocolVersion) =>
        transport == UpstreamTransport.StreamableHttp
        && protocolVersion is not null
        && string.CompareOrdinal(protocolVersion, LastSessionRevision) <= 0;

    /// <summary>Sends <paramref name="method"/> and returns the upstream's result; its JSON-RPC error is thrown as the SDK's.</summary>
    /// <exception cref="McpProtocolException">The upstream answered with a JSON-RPC error.</exception>
    /// <exception cref="HttpRequestException">The upstream refused the POST (an HTTP error status) or the connection broke.</exception>
    /// <exception cref="McpException">The answer ended without a response to the request.</exception>
    public static async ValueTask<JsonNode?> SendAsync(
        HttpClient http,
        Uri endpoint,
        string? sessionId,
        string protocolVersion,
        string method,
        JsonNode? parameters,
        Action<JsonRpcNotification>? progress,
        Func<JsonRpcNotification, ValueTask>? notifications,
        CancellationToken cancellationToken)
    {
        var session = new Session(http, endpoint, sessionId, protocolVersion);
        var id = new RequestId(string.Create(CultureInfo.InvariantCulture, $"router-{Interlocked.Increment(ref _nextId)}"));
        using var message = session.Post(new JsonRpcRequest { Id = id, Method = method, Params = parameters });
        JsonRpcMessage? answer;
        try
        {
            answer = await SendAndReadAsync(http, session, id, method, message, progress, notifications, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException && cancellationToken.IsCancellationRequested)
        {
            // Told here, where the cancellation is observed, not from a callback on the token: the token's other callbacks
            // (the HTTP request's own) may unwind this call and dispose such a registration before it runs.
            session.Cancel(id);
            throw;
        }

        return answer switch
        {
            JsonRpcResponse { } success => success.Result,
            JsonRpcError { Error: { } error } => throw new McpProtocolException(error.Message, (McpErrorCode)error.Code),
            _ => throw new McpException($"The upstream's answer to {method} held no response."),
        };
    }

    private static async ValueTask<JsonRpcMessage?> SendAndReadAsync(
        HttpClient http,
        Session session,
        RequestId id,
        string method,
        HttpRequestMessage message,
        Action<JsonRpcNotification>? progress,
        Func<JsonRpcNotification, ValueTask>? notifications,
        CancellationToken cancellationToken)
    {
        var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            response.Dispose();
            throw new HttpRequestException(
                string.Create(CultureInfo.InvariantCulture, $"The upstream answered {(int)response.StatusCode} to a direct {method}."),
                inner: null,
                response.StatusCode);
        }

        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            return await ReadEventStreamAsync(session, id, response, progress, notifications, cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            return await JsonSerializer.DeserializeAsync(
                await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), MessageInfo, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads the answer off the event stream of <paramref name="response"/>, which it takes over: once the answer is read,
    /// the rest of the stream is drained in the background (the caller does not wait for the stream's end, which comes in
    /// a later packet), then the response is disposed.
    /// </summary>
    private static async ValueTask<JsonRpcMessage?> ReadEventStreamAsync(
        Session session,
        RequestId id,
        HttpResponseMessage response,
        Action<JsonRpcNotification>? progress,
        Func<JsonRpcNotification, ValueTask>? notifications,
        CancellationToken cancellationToken)
    {
        SseEventReader? events = null;
        HttpResponseMessage? owned = response;
        try
        {
            events = new SseEventReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
            var answer = await ReadAnswerAsync(session, id, events, progress, notifications, cancellationToken).ConfigureAwait(false);
            if (answer is not null)
            {
                _ = DrainAsync(events, response);
                events = null;
                owned = null;
            }

            return answer;
        }
        finally
        {
            if (events is not null)
            {
                await events.DisposeAsync().ConfigureAwait(false);
            }

            owned?.Dispose();
        }
    }

    private static async ValueTask<JsonRpcMessage?> ReadAnswerAsync(
        Session session,
        RequestId id,
        SseEventReader events,
        Action<JsonRpcNotification>? progress,
        Func<JsonRpcNotification, ValueTask>? notifications,
        CancellationToken cancellationToken)
    {
        while (await events.ReadEventAsync(cancellationToken).ConfigureAwait(false))
        {
            if (IsBlank(events.Data))
            {
                // A priming event: an id to resume from, no message.
                continue;
            }

            switch (JsonSerializer.Deserialize(events.Data, MessageInfo))
            {
                case JsonRpcMessageWithId { } answer and (JsonRpcResponse or JsonRpcError) when answer.Id == id:
                    return answer;
                case JsonRpcNotification { Method: NotificationMethods.ProgressNotification } notification:
                    progress?.Invoke(notification);
                    break;
                case JsonRpcNotification notification when notifications is not null:
                    await notifications(notification).ConfigureAwait(false);
                    break;
                case JsonRpcRequest serverRequest:
                    _ = session.DeclineAsync(serverRequest.Id);
                    break;
            }
        }

        return null;
    }

    private static bool IsBlank(ReadOnlySpan<byte> data) => data.Trim(" \t\r\n"u8).IsEmpty;

    /// <summary>
    /// Reads the stream to its end, which the upstream reaches right after the answer, so that the connection goes back
    /// to the pool instead of being torn down; a stream left open longer is abandoned. Then disposes both.
    /// </summary>
    private static async Task DrainAsync(SseEventReader events, HttpResponseMessage response)
    {
        using (response)
        using (var bound = new CancellationTokenSource(DrainTimeout))
        {
            try
            {
                await events.SkipToEndAsync(bound.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
            {
                // The upstream keeps the stream open, or broke it after the answer: disposing the response aborts it.
            }
            finally
            {
                await events.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Where and how to post on one upstream session.</summary>
    private sealed class Session(HttpClient http, Uri endpoint, string? sessionId, string protocolVersion)
    {
        public HttpRequestMessage Post(JsonRpcMessage body)
        {
            var message = new HttpRequestMessage(HttpMethod.Post, endpoint)
            {
                Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, MessageInfo)),
            };

            // Written as they go on the wire: parsing header values is a visible part of a routed call's cost.
            message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            message.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
            if (sessionId is not null)
            {
                message.Headers.TryAddWithoutValidation("Mcp-Session-Id", sessionId);
            }

            message.Headers.TryAddWithoutValidation("MCP-Protocol-Version", protocolVersion);
            return message;
        }

        public void Cancel(RequestId id) =>
            _ = FireAsync(Post(new JsonRpcNotification
            {
                Method = NotificationMethods.CancelledNotification,
                Params = new JsonObject { ["requestId"] = JsonSerializer.SerializeToNode(id, RequestIdInfo), ["reason"] = "The agent cancelled the request." },
            }));

        public Task DeclineAsync(RequestId id) =>
            FireAsync(Post(new JsonRpcError
            {
                Id = id,
                Error = new JsonRpcErrorDetail
                {
                    Code = (int)McpErrorCode.MethodNotFound,
                    Message = "The router's shared session answers no server-to-client requests.",
                },
            }));

        private async Task FireAsync(HttpRequestMessage message)
        {
            try
            {
                using (message)
                using (await http.SendAsync(message).ConfigureAwait(false))
                {
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // Best effort: the request it concerns has already been given up on.
            }
        }
    }
}
