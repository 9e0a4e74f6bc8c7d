using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

// Sampling, roots and logging are deprecated from 2026-07-28 but live in every earlier revision; a router relays them.
#pragma warning disable MCP9005

namespace Router.Grains.Upstream;

/// <summary>Requests forwarded as they are, what a replica says about itself, and the sessions opened for one agent.</summary>
internal sealed partial class UpstreamPool
{
    /// <summary>
    /// The upstream notifications an MCP router passes on to agents through the client's handlers. Progress is not among
    /// them: it is taken off the transport in order (<see cref="ProgressRelayingTransport"/>).
    /// </summary>
    public static IReadOnlyList<string> RelayedNotifications { get; } =
    [
        NotificationMethods.LoggingMessageNotification,
        NotificationMethods.ToolListChangedNotification,
        NotificationMethods.PromptListChangedNotification,
        NotificationMethods.ResourceListChangedNotification,
        NotificationMethods.ResourceUpdatedNotification,
        NotificationMethods.ElicitationCompleteNotification,
    ];

    /// <summary>Sends request <paramref name="method"/> with <paramref name="parameters"/> to a replica and returns its result.</summary>
    /// <exception cref="UpstreamException">No replica could take the request, or it failed (a JSON-RPC error is the inner exception).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the replica was told to cancel.</exception>
    public ValueTask<JsonNode?> SendAsync(string method, JsonNode? parameters, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        return ExecuteAsync(
            method,
            async (connection, client, token) =>
            {
                if (DirectPost.Applies(connection.Replica.Transport, client.NegotiatedProtocolVersion))
                {
                    try
                    {
                        return await DirectPost.SendAsync(
                            _httpClient, connection.Replica.Endpoint, client.SessionId, client.NegotiatedProtocolVersion!, method, parameters,
                            _progress, _notifications, token).ConfigureAwait(false);
                    }
                    catch (HttpRequestException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
                    {
                        await connection.ResetAsync(client).ConfigureAwait(false);
                        throw;
                    }
                }

                var response = await client.SendRequestAsync(new JsonRpcRequest { Method = method, Params = parameters }, token).ConfigureAwait(false);
                return response.Result;
            },
            cancellationToken);
    }

    /// <summary>What a replica said about itself when its session opened (connecting to one if none is connected).</summary>
    /// <exception cref="UpstreamException">No replica could be connected to.</exception>
    public ValueTask<UpstreamDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            "describe",
            (client, _) => ValueTask.FromResult(new UpstreamDescription(
                client.NegotiatedProtocolVersion, client.ServerCapabilities, client.ServerInfo, client.ServerInstructions)),
            cancellationToken);

    /// <summary>
    /// Opens nothing yet: returns a session of its own for one agent on the replica with the fewest outstanding calls whose
    /// circuit is closed, connected on first use with <paramref name="handlers"/> (the agent's server-to-client requests and
    /// notifications; <paramref name="progress"/> gets its progress notifications in order). Null when no replica is available.
    /// </summary>
    public OwnUpstreamSession? CreateOwnSession(McpClientHandlers handlers, Action<JsonRpcNotification> progress)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(progress);
        ReplicaConnection? best = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var candidate in _replicas)
            {
                if (candidate.Breaker.IsAvailable && (best is null || candidate.Outstanding < best.Outstanding))
                {
                    best = candidate;
                }
            }
        }

        if (best is null)
        {
            return null;
        }

        var clientOptions = new McpClientOptions
        {
            ClientInfo = _clientOptions.ClientInfo,
            ProtocolVersion = _clientOptions.ProtocolVersion,
            Handlers = handlers,
        };
        var connection = new ReplicaConnection(
            best.Replica,
            new CircuitBreaker(_options.FailureThreshold, _options.OpenDuration, _timeProvider),
            _httpClient,
            clientOptions,
            _loggerFactory,
            progress);
        return new OwnUpstreamSession(connection, _options.CallTimeout, _timeProvider);
    }

    private static KeyValuePair<string, Func<JsonRpcNotification, CancellationToken, ValueTask>>[] Relay(Func<JsonRpcNotification, ValueTask> sink) =>
        [.. RelayedNotifications.Select(method =>
            new KeyValuePair<string, Func<JsonRpcNotification, CancellationToken, ValueTask>>(method, (notification, _) => sink(notification)))];
}
