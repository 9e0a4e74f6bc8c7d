using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Router.Abstractions.Routing;
using Router.Grains.Upstream;

// Sampling, roots and logging are deprecated from 2026-07-28 but live in every earlier revision; a router relays them.
#pragma warning disable MCP9005

namespace Router.Grains.Routing;

/// <summary>
/// Agent sessions attached to the instance: pinning, the upstream sessions of their own, and the way upstream
/// notifications and server-to-client requests find their agent.
/// </summary>
/// <remarks>
/// On a pooled session the router rewrites a request's progress token to one of its own, unique on the node, and maps
/// the replica's progress notifications back to the agent's token. List-changed notifications concern every agent of the
/// version and go to all attached ones. Logging notifications on a pooled session cannot be told apart by agent and are
/// not relayed; an agent that sets a logging level gets its own session, where everything reaches it as it is.
/// </remarks>
internal sealed partial class McpInstanceGrain
{
    private readonly ConcurrentDictionary<string, (string AgentSessionId, JsonNode Token)> _progress = new(StringComparer.Ordinal);
    private long _nextProgress;

    public Task AttachAsync(string agentSessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentSessionId);
        _attached.TryAdd(agentSessionId, new AttachedAgent(agentSessionId));
        _pin ??= Pin();
        return Task.CompletedTask;
    }

    public async Task NotifyUpstreamAsync(string agentSessionId, string method, JsonNode? parameters)
    {
        if (_attached.TryGetValue(agentSessionId, out var agent) && agent.Own is { } own)
        {
            try
            {
                await own.NotifyAsync(method, parameters);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                RoutingLog.RelayFailed(_logger, method, GetPrimaryKeyString(), e);
            }
        }
    }

    public async Task DetachAsync(string agentSessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentSessionId);
        if (_attached.TryRemove(agentSessionId, out var agent))
        {
            await agent.DisposeAsync();
        }

        if (_attached.IsEmpty && _pin is { } pin)
        {
            _pin = null;
            pin.Dispose();
        }
    }

    /// <summary>
    /// The agent's own upstream session: the one it has, or a new one when the request needs it; null when the request
    /// goes to the pool (or no replica is available for an own session, in which case the pool reports why).
    /// </summary>
    private OwnUpstreamSession? OwnSession(string agentSessionId, McpForwardRequest request)
    {
        if (!_attached.TryGetValue(agentSessionId, out var agent))
        {
            return null;
        }

        if (agent.Own is { } own || !request.NeedsOwnSession || _pool is not { } pool)
        {
            return agent.Own;
        }

        agent.Own = pool.CreateOwnSession(
            OwnSessionHandlers(agentSessionId, request.AgentFeatures),
            notification =>
            {
                if (agents is not null && agents.TryGet(agentSessionId, out var channel))
                {
                    _ = NotifyQuietlyAsync(channel, notification.Method, notification.Params);
                }
            });
        if (agent.Own is not null)
        {
            RoutingLog.OwnSessionOpened(_logger, GetPrimaryKeyString(), agentSessionId, agent.Own.InstanceId);
        }

        return agent.Own;
    }

    /// <summary>Rewrites the request's progress token to a node-unique one that maps back to the agent; null without one.</summary>
    private string? TrackProgress(string agentSessionId, JsonNode? parameters)
    {
        if (parameters is not JsonObject { } p || p["_meta"] is not JsonObject meta || meta["progressToken"] is not { } original)
        {
            return null;
        }

        var token = string.Create(
            CultureInfo.InvariantCulture, $"{GetPrimaryKeyString()}#{Interlocked.Increment(ref _nextProgress)}");
        _progress[token] = (agentSessionId, original.DeepClone());
        meta["progressToken"] = token;
        return token;
    }

    /// <summary>A notification on a pooled session (any thread, outside the grain's turns).</summary>
    private async ValueTask OnPooledNotificationAsync(JsonRpcNotification notification)
    {
        if (agents is null)
        {
            return;
        }

        switch (notification.Method)
        {
            case NotificationMethods.ProgressNotification:
                if (notification.Params is JsonObject { } parameters
                    && parameters["progressToken"]?.GetValueKind() == JsonValueKind.String
                    && _progress.TryGetValue(parameters["progressToken"]!.GetValue<string>(), out var target)
                    && agents.TryGet(target.AgentSessionId, out var channel))
                {
                    var relayed = (JsonObject)parameters.DeepClone();
                    relayed["progressToken"] = target.Token.DeepClone();
                    await NotifyQuietlyAsync(channel, notification.Method, relayed);
                }

                break;
            case NotificationMethods.ToolListChangedNotification:
                InvalidateCatalog();
                await BroadcastAsync(notification.Method);
                break;
            case NotificationMethods.PromptListChangedNotification:
            case NotificationMethods.ResourceListChangedNotification:
                await BroadcastAsync(notification.Method);
                break;
        }
    }

    private async ValueTask BroadcastAsync(string method)
    {
        foreach (var sessionId in _attached.Keys)
        {
            if (agents!.TryGet(sessionId, out var channel))
            {
                await NotifyQuietlyAsync(channel, method, parameters: null);
            }
        }
    }

    private async ValueTask NotifyQuietlyAsync(IMcpAgentChannel channel, string method, JsonNode? parameters)
    {
        try
        {
            await channel.NotifyAsync(method, parameters);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The agent's session ended or its stream broke; a notification is not worth failing anything else for.
            RoutingLog.RelayFailed(_logger, method, GetPrimaryKeyString(), e);
        }
    }

    private McpClientHandlers OwnSessionHandlers(string agentSessionId, McpAgentFeatures features)
    {
        var handlers = new McpClientHandlers
        {
            NotificationHandlers = [.. UpstreamPool.RelayedNotifications.Select(method =>
                new KeyValuePair<string, Func<JsonRpcNotification, CancellationToken, ValueTask>>(
                    method,
                    async (notification, _) =>
                    {
                        if (notification.Method == NotificationMethods.ToolListChangedNotification)
                        {
                            InvalidateCatalog();
                        }

                        if (agents is not null && agents.TryGet(agentSessionId, out var channel))
                        {
                            await NotifyQuietlyAsync(channel, notification.Method, notification.Params);
                        }
                    }))],
        };

        if (features.HasFlag(McpAgentFeatures.Sampling))
        {
            handlers.SamplingHandler = (parameters, _, cancellationToken) =>
                AskAgentAsync(agentSessionId, RequestMethods.SamplingCreateMessage, parameters, Info<CreateMessageRequestParams>(), Info<CreateMessageResult>(), cancellationToken);
        }

        if (features.HasFlag(McpAgentFeatures.Elicitation))
        {
            handlers.ElicitationHandler = (parameters, cancellationToken) =>
                AskAgentAsync(agentSessionId, RequestMethods.ElicitationCreate, parameters, Info<ElicitRequestParams>(), Info<ElicitResult>(), cancellationToken);
        }

        if (features.HasFlag(McpAgentFeatures.Roots))
        {
            handlers.RootsHandler = (parameters, cancellationToken) =>
                AskAgentAsync(agentSessionId, RequestMethods.RootsList, parameters, Info<ListRootsRequestParams>(), Info<ListRootsResult>(), cancellationToken);
        }

        return handlers;
    }

    /// <summary>Relays a replica's server-to-client request to the agent and its answer back.</summary>
    private async ValueTask<TResult> AskAgentAsync<TParams, TResult>(
        string agentSessionId, string method, TParams? parameters, JsonTypeInfo<TParams> paramsInfo, JsonTypeInfo<TResult> resultInfo, CancellationToken cancellationToken)
    {
        if (agents is null || !agents.TryGet(agentSessionId, out var channel))
        {
            throw new McpProtocolException("The agent session this request was for has ended.", McpErrorCode.InternalError);
        }

        var node = parameters is null ? null : JsonSerializer.SerializeToNode(parameters, paramsInfo);
        var result = await channel.RequestAsync(method, node, cancellationToken);
        return (result is null ? default : result.Deserialize(resultInfo))
            ?? throw new McpProtocolException($"The agent answered {method} without a result.", McpErrorCode.InternalError);
    }

    private static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(T));
}
