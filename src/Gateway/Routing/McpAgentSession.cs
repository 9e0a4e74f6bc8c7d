using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Router.Abstractions.Routing;
using Router.Gateway.Mcp;

namespace Router.Gateway.Routing;

/// <summary>
/// An agent's session with one MCP server at <c>/v1/mcp/app/{mcpId}/…</c>: a server that offers what the upstream offers
/// (its capabilities, server info and instructions) and forwards every request to the instance grain of the version it
/// resolves to — the pinned one, or the newest, which can change while the session lives (the agent is then told its
/// tools changed).
/// </summary>
// Logging is deprecated from 2026-07-28 but lives in every earlier revision; a router relays it.
#pragma warning disable MCP9005
internal sealed class McpAgentSession : McpAgentSessionBase, IMcpDirectAnswers
{
    private readonly McpVersionResolver _resolver;
    private readonly string? _pinnedVersion;
    private readonly Lock _gate = new();
    private readonly McpServerProfile _profile;
    private McpServerOptions? _options;
    private string _version;
    private bool _disposed;
    private bool _gone;

    private McpAgentSession(string id, bool stateful, string? owner, McpAgentDirectory directory, McpVersionResolver resolver, string mcpId, string? pinnedVersion, string version, McpServerProfile profile)
        : base(id, stateful, owner, directory)
    {
        _resolver = resolver;
        McpId = mcpId;
        _pinnedVersion = pinnedVersion;
        _version = version;
        _profile = profile;
    }

    public string McpId { get; }

    /// <summary>The version requests go to now.</summary>
    public string Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    /// <summary>Created on first use: a request answered directly (<see cref="IMcpDirectAnswers"/>) needs no server.</summary>
    public override McpServerOptions Options => _options ??= CreateOptions();

    public Implementation ServerInfo => _profile.ServerInfo;

    public bool CanAnswer(JsonRpcRequest request, ClientCapabilities? capabilities) =>
        CanAnswerDirectly(request, capabilities) && Offers(request.Method);

    public ValueTask<JsonNode> AnswerAsync(JsonRpcRequest request, CancellationToken cancellationToken) =>
        AnswerDirectlyAsync(_resolver.Instance(McpId, Version), request, cancellationToken);

    /// <summary>
    /// Opens a session on the version <paramref name="pinnedVersion"/> (or the newest) of <paramref name="mcpId"/>; null when
    /// the server has no routable instance of it.
    /// </summary>
    public static async ValueTask<McpAgentSession?> OpenAsync(
        string id, bool stateful, string? owner, McpAgentDirectory directory, McpVersionResolver resolver, string? mcpId, string? pinnedVersion, CancellationToken cancellationToken)
    {
        if (await resolver.ResolveAsync(mcpId, pinnedVersion).ConfigureAwait(false) is not { } version)
        {
            return null;
        }

        var profile = await resolver.DescribeAsync(mcpId!, version, cancellationToken).ConfigureAwait(false);
        var session = new McpAgentSession(id, stateful, owner, directory, resolver, mcpId!, string.IsNullOrEmpty(pinnedVersion) ? null : pinnedVersion, version, profile);
        directory.Add(session);
        if (stateful)
        {
            try
            {
                await resolver.Instance(session.McpId, version).AttachAsync(id).ConfigureAwait(false);
            }
            catch
            {
                directory.Remove(session);
                throw;
            }
        }

        return session;
    }

    /// <summary>
    /// The registry changed something of this server: resolves the version again, moves the attachment when it changed,
    /// and tells the agent its tools changed when they may have (<paramref name="toolsChanged"/>, or another version).
    /// </summary>
    public async Task OnServerChangedAsync(bool toolsChanged)
    {
        // The table as it is: this runs while the routing table applies events, so waiting for it would wait for itself.
        var next = _resolver.Resolve(McpId, _pinnedVersion);

        // No routable version left: the session stays on the one it had (its calls answer that no replica can take
        // them) until one comes back, and the agent is told its tools are gone.
        string previous;
        bool moved;
        bool gone;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            previous = _version;
            gone = next is null && !_gone;
            _gone = next is null;
            moved = next is not null && next != previous;
            if (moved)
            {
                _version = next!;
            }
        }

        if (moved && IsStateful)
        {
            await _resolver.Instance(McpId, next!).AttachAsync(Id).ConfigureAwait(false);
            await _resolver.Instance(McpId, previous).DetachAsync(Id).ConfigureAwait(false);
        }

        if (moved || gone || toolsChanged)
        {
            try
            {
                await NotifyAsync(NotificationMethods.ToolListChangedNotification, parameters: null).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The agent's stream is gone; it will list its tools again when it comes back.
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        string version;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            version = _version;
        }

        await base.DisposeAsync().ConfigureAwait(false);
        if (IsStateful)
        {
            try
            {
                await _resolver.Instance(McpId, version).DetachAsync(Id).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Ending a session must not fail: the instance (a local worker) keeps the stale attachment until it is
                // deactivated, which at worst delays its idle collection.
            }
        }
    }

    private McpServerOptions CreateOptions()
    {
        var capabilities = _profile.CreateCapabilities();
        var handlers = new McpServerHandlers
        {
            ListToolsHandler = (request, cancellationToken) => RouteAsync<ListToolsResult>(request.JsonRpcRequest, request.Server, cancellationToken),
            CallToolHandler = (request, cancellationToken) => RouteAsync<CallToolResult>(request.JsonRpcRequest, request.Server, cancellationToken),
        };

        if (capabilities.Prompts is not null)
        {
            handlers.ListPromptsHandler = (request, cancellationToken) => RouteAsync<ListPromptsResult>(request.JsonRpcRequest, request.Server, cancellationToken);
            handlers.GetPromptHandler = (request, cancellationToken) => RouteAsync<GetPromptResult>(request.JsonRpcRequest, request.Server, cancellationToken);
        }

        if (capabilities.Resources is not null)
        {
            handlers.ListResourcesHandler = (request, cancellationToken) => RouteAsync<ListResourcesResult>(request.JsonRpcRequest, request.Server, cancellationToken);
            handlers.ListResourceTemplatesHandler = (request, cancellationToken) => RouteAsync<ListResourceTemplatesResult>(request.JsonRpcRequest, request.Server, cancellationToken);
            handlers.ReadResourceHandler = (request, cancellationToken) => RouteAsync<ReadResourceResult>(request.JsonRpcRequest, request.Server, cancellationToken);
            if (capabilities.Resources.Subscribe == true)
            {
                handlers.SubscribeToResourcesHandler = (request, cancellationToken) => RouteAsync<EmptyResult>(request.JsonRpcRequest, request.Server, cancellationToken);
                handlers.UnsubscribeFromResourcesHandler = (request, cancellationToken) => RouteAsync<EmptyResult>(request.JsonRpcRequest, request.Server, cancellationToken);
            }
        }

        if (capabilities.Completions is not null)
        {
            handlers.CompleteHandler = (request, cancellationToken) => RouteAsync<CompleteResult>(request.JsonRpcRequest, request.Server, cancellationToken);
        }

        if (capabilities.Logging is not null)
        {
            handlers.SetLoggingLevelHandler = (request, cancellationToken) => RouteAsync<EmptyResult>(request.JsonRpcRequest, request.Server, cancellationToken);
        }

        // Notifications about the agent's side go to its own upstream session, where the upstream knows the agent.
        handlers.NotificationHandlers =
        [
            new(NotificationMethods.RootsListChangedNotification, (notification, _) =>
                new ValueTask(_resolver.Instance(McpId, Version).NotifyUpstreamAsync(Id, notification.Method, notification.Params))),
        ];

        return new McpServerOptions
        {
            ServerInfo = ServerInfo,
            ServerInstructions = _profile.Instructions,
            Capabilities = capabilities,
            Handlers = handlers,
        };
    }

    /// <summary>Whether the upstream offers <paramref name="method"/> (the SDK server has no handler for it otherwise).</summary>
    private bool Offers(string method) => method switch
    {
        RequestMethods.ToolsList or RequestMethods.ToolsCall => true,
        RequestMethods.PromptsList or RequestMethods.PromptsGet => _profile.OffersPrompts,
        RequestMethods.ResourcesList or RequestMethods.ResourcesRead or RequestMethods.ResourcesTemplatesList => _profile.OffersResources,
        RequestMethods.CompletionComplete => _profile.OffersCompletions,
        _ => false,
    };

    private ValueTask<TResult> RouteAsync<TResult>(JsonRpcRequest request, McpServer server, CancellationToken cancellationToken)
        where TResult : class =>
        ForwardAsync<TResult>(_resolver.Instance(McpId, Version), request, server, cancellationToken);
}
