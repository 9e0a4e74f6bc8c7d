using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Router.Abstractions.Routing;
using Router.Gateway.Mcp;

namespace Router.Gateway.Routing;

/// <summary>
/// What every agent session the router serves has: an id the instance grains reach it by, the MCP server that talks to the
/// agent, and the way progress notifications find the request (and so the HTTP stream) they belong to.
/// </summary>
// Sampling, roots and logging are deprecated from 2026-07-28 but live in every earlier revision; a router relays them.
#pragma warning disable MCP9005
internal abstract class McpAgentSessionBase(string id, bool stateful, string? owner, McpAgentDirectory directory) : IMcpServerSession, IMcpAgentChannel
{
    /// <summary>Methods whose effect upstream belongs to the session that sent them.</summary>
    private static readonly HashSet<string> SessionScopedMethods = new(StringComparer.Ordinal)
    {
        RequestMethods.LoggingSetLevel,
        RequestMethods.ResourcesSubscribe,
        RequestMethods.ResourcesUnsubscribe,
    };

    private const string ProtocolMetaPrefix = "io.modelcontextprotocol/";

    /// <summary>Plain request/response methods, answered as the upstream answers them.</summary>
    private static readonly HashSet<string> DirectMethods = new(StringComparer.Ordinal)
    {
        RequestMethods.ToolsCall,
        RequestMethods.ToolsList,
        RequestMethods.PromptsList,
        RequestMethods.PromptsGet,
        RequestMethods.ResourcesList,
        RequestMethods.ResourcesRead,
        RequestMethods.ResourcesTemplatesList,
        RequestMethods.CompletionComplete,
    };

    private readonly ConcurrentDictionary<string, ITransport?> _progressStreams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task> _pendingProgress = new(StringComparer.Ordinal);
    private McpServer? _server;

    /// <summary>The session id (the Streamable HTTP or SSE session's), or a fresh one for a session-less request.</summary>
    public string Id { get; } = id;

    /// <summary>Whether the agent holds a session (so upstream sessions of its own and attachments make sense).</summary>
    public bool IsStateful { get; } = stateful;

    /// <summary>The name of the API key that opened the session; null for the loopback operator without keys.</summary>
    public string? Owner { get; } = owner;

    public abstract McpServerOptions Options { get; }

    protected McpAgentDirectory Directory { get; } = directory;

    public void Started(McpServer server) => _server = server;

    public virtual ValueTask DisposeAsync()
    {
        Directory.Remove(this);
        return default;
    }

    public async ValueTask NotifyAsync(string method, JsonNode? parameters, CancellationToken cancellationToken = default)
    {
        if (_server is not { } server)
        {
            return;
        }

        ITransport? stream = null;
        string? key = null;
        if (method == NotificationMethods.ProgressNotification && parameters?["progressToken"] is { } token
            && _progressStreams.TryGetValue(token.ToJsonString(), out stream))
        {
            key = token.ToJsonString();
        }

        var send = server.SendMessageAsync(
            new JsonRpcNotification { Method = method, Params = parameters, Context = stream is null ? null : new JsonRpcMessageContext { RelatedTransport = stream } },
            cancellationToken);
        if (key is not null)
        {
            // The request's answer must not overtake its last progress notification: the answer waits for these sends.
            lock (_pendingProgress)
            {
                _pendingProgress[key] = _pendingProgress.TryGetValue(key, out var earlier) ? Task.WhenAll(earlier, send) : send;
            }
        }

        await send.ConfigureAwait(false);
    }

    public async ValueTask<JsonNode?> RequestAsync(string method, JsonNode? parameters, CancellationToken cancellationToken = default)
    {
        var server = _server ?? throw new McpProtocolException("The agent session has not started.", McpErrorCode.InternalError);
        var response = await server.SendRequestAsync(new JsonRpcRequest { Method = method, Params = parameters }, cancellationToken).ConfigureAwait(false);
        return response.Result;
    }

    /// <summary>
    /// Whether a request can skip the SDK server (<see cref="IMcpDirectAnswers"/>): a plain forwarded method, no progress
    /// to relay, and (in a session) an agent that answers no server-to-client requests. Session-less requests never get
    /// server-to-client requests relayed, whatever the agent declares.
    /// </summary>
    protected bool CanAnswerDirectly(JsonRpcRequest request, ClientCapabilities? capabilities) =>
        DirectMethods.Contains(request.Method)
        && request.Params?["_meta"]?["progressToken"] is null
        && (!IsStateful || Features(capabilities) == McpAgentFeatures.None);

    /// <summary>Forwards a request <see cref="CanAnswerDirectly"/> allowed and returns the upstream's result as it is.</summary>
    protected async ValueTask<JsonNode> AnswerDirectlyAsync(IMcpInstanceGrain instance, JsonRpcRequest request, CancellationToken cancellationToken)
    {
        var parameters = WithoutProtocolMeta(request.Params);
        var result = await instance.ForwardAsync(new McpForwardRequest(request.Method, parameters, Id, NeedsOwnSession: false), cancellationToken).ConfigureAwait(false);
        return McpForwarding.Succeeded(result);
    }

    /// <summary>Forwards the agent's request to <paramref name="instance"/> and reads the upstream's answer as <typeparamref name="TResult"/>.</summary>
    protected async ValueTask<TResult> ForwardAsync<TResult>(
        IMcpInstanceGrain instance, JsonRpcRequest request, McpServer server, CancellationToken cancellationToken, string? method = null, JsonNode? parameters = null)
        where TResult : class
    {
        method ??= request.Method;
        parameters = WithoutProtocolMeta(parameters ?? request.Params);
        var token = parameters?["_meta"]?["progressToken"]?.ToJsonString();
        if (token is not null)
        {
            _progressStreams[token] = request.Context?.RelatedTransport;
        }

        try
        {
            var features = IsStateful ? Features(server.ClientCapabilities) : McpAgentFeatures.None;
            var needsOwnSession = IsStateful && (features != McpAgentFeatures.None || SessionScopedMethods.Contains(method));
            var result = await instance.ForwardAsync(new McpForwardRequest(method, parameters, Id, needsOwnSession, features), cancellationToken).ConfigureAwait(false);
            if (token is not null)
            {
                await ProgressSentAsync(token).ConfigureAwait(false);
            }

            return McpForwarding.Read<TResult>(result);
        }
        finally
        {
            if (token is not null)
            {
                _progressStreams.TryRemove(token, out _);
                lock (_pendingProgress)
                {
                    _pendingProgress.Remove(token);
                }
            }
        }
    }

    private async Task ProgressSentAsync(string token)
    {
        Task? pending;
        lock (_pendingProgress)
        {
            _pendingProgress.Remove(token, out pending);
        }

        if (pending is not null)
        {
            try
            {
                await pending.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A progress notification that could not be sent does not fail the request it reported on.
            }
        }
    }

    /// <summary>
    /// Removes the protocol's own <c>_meta</c> keys (2026-07-28 per-request version, client info and capabilities): they
    /// describe the agent's connection to the router, not the router's to the upstream, which negotiates on its own.
    /// </summary>
    private static JsonNode? WithoutProtocolMeta(JsonNode? parameters)
    {
        if (parameters is JsonObject { } p && p["_meta"] is JsonObject meta)
        {
            List<string>? protocolKeys = null;
            foreach (var (key, _) in meta)
            {
                if (key.StartsWith(ProtocolMetaPrefix, StringComparison.Ordinal))
                {
                    (protocolKeys ??= []).Add(key);
                }
            }

            foreach (var key in protocolKeys ?? [])
            {
                meta.Remove(key);
            }

            if (meta.Count == 0)
            {
                p.Remove("_meta");
            }
        }

        return parameters;
    }

    private static McpAgentFeatures Features(ClientCapabilities? capabilities) =>
        capabilities is null
            ? McpAgentFeatures.None
            : (capabilities.Sampling is null ? McpAgentFeatures.None : McpAgentFeatures.Sampling)
              | (capabilities.Elicitation is null ? McpAgentFeatures.None : McpAgentFeatures.Elicitation)
              | (capabilities.Roots is null ? McpAgentFeatures.None : McpAgentFeatures.Roots);
}
