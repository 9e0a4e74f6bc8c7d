using System.Net;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Router.Grains.Upstream;

/// <summary>
/// The pooled MCP client sessions to one MCP server's replicas: one shared, lazily connected <see cref="McpClient"/>
/// per replica, chosen per call by least outstanding requests among replicas whose circuit lets calls through
/// (ties go round-robin).
/// </summary>
/// <remarks>
/// Only a connect failure is retried, on another replica: it is the one failure where the request cannot have been
/// sent, so no side effect can have happened. Timeouts and upstream errors are reported as they are.
/// </remarks>
internal sealed partial class UpstreamPool : IAsyncDisposable
{
    private readonly UpstreamOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Action<string, bool>? _healthChanged;
    private readonly HttpClient _httpClient;
    private readonly McpClientOptions _clientOptions;
    private readonly Action<JsonRpcNotification>? _progress;
    private readonly Func<JsonRpcNotification, ValueTask>? _notifications;
    private readonly Lock _gate = new();
    private ReplicaConnection[] _replicas = [];
    private int _nextTieBreak;
    private bool _disposed;

    /// <param name="options">Balancing, circuit-breaking and timeout settings.</param>
    /// <param name="timeProvider">The clock for circuit open durations and call timeouts.</param>
    /// <param name="loggerFactory">Logs for the pool and its MCP clients.</param>
    /// <param name="healthChanged">
    /// Passive health: called with a replica's instance id and false when its circuit opens, true when it closes again.
    /// Called outside the pool's lock, on the thread that finished the deciding call.
    /// </param>
    /// <param name="notifications">
    /// Receives the notifications the pooled sessions get (<see cref="RelayedNotifications"/>): progress and list changes.
    /// </param>
    public UpstreamPool(
        UpstreamOptions options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        Action<string, bool>? healthChanged = null,
        Func<JsonRpcNotification, ValueTask>? notifications = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<UpstreamPool>();
        _healthChanged = healthChanged;
        _httpClient = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            // Each call carries its own timeout; event streams stay open for as long as a session lives.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _clientOptions = new McpClientOptions
        {
            ClientInfo = new() { Name = "mcp-router", Version = "1.0" },
            ProtocolVersion = options.ProtocolVersion,
            Handlers = new McpClientHandlers { NotificationHandlers = notifications is null ? null : Relay(notifications) },
        };
        _notifications = notifications;
        _progress = notifications is null ? null : notification => _ = notifications(notification);
    }

    /// <summary>Makes the pool's replicas exactly <paramref name="replicas"/>; removed ones close after their in-flight calls end.</summary>
    /// <remarks>A replica whose endpoint or transport changed is treated as removed and added again.</remarks>
    public void UpdateReplicas(IReadOnlyList<UpstreamReplica> replicas)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        var toDispose = new List<ReplicaConnection>();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var current = _replicas.ToDictionary(r => r.Replica.InstanceId, StringComparer.Ordinal);
            var next = new List<ReplicaConnection>(replicas.Count);
            foreach (var replica in replicas.DistinctBy(r => r.InstanceId, StringComparer.Ordinal))
            {
                if (current.Remove(replica.InstanceId, out var kept) && kept.Replica == replica)
                {
                    next.Add(kept);
                    continue;
                }

                if (kept is not null)
                {
                    current[replica.InstanceId] = kept;
                }

                next.Add(new ReplicaConnection(
                    replica,
                    new CircuitBreaker(_options.FailureThreshold, _options.OpenDuration, _timeProvider),
                    _httpClient,
                    _clientOptions,
                    _loggerFactory,
                    _progress));
                UpstreamLog.ReplicaAdded(_logger, replica.InstanceId, replica.Endpoint);
            }

            foreach (var removed in current.Values)
            {
                removed.Retired = true;
                UpstreamLog.ReplicaRemoved(_logger, removed.Replica.InstanceId, removed.Outstanding);
                if (removed.Outstanding == 0)
                {
                    toDispose.Add(removed);
                }
            }

            _replicas = [.. next];
        }

        foreach (var connection in toDispose)
        {
            _ = connection.DisposeAsync().AsTask();
        }
    }

    /// <summary>A snapshot of every replica's load, totals and circuit.</summary>
    public IReadOnlyList<UpstreamReplicaStatus> GetStatus()
    {
        lock (_gate)
        {
            return [.. _replicas.Select(r => new UpstreamReplicaStatus(r.Replica.InstanceId, r.Outstanding, r.Started, r.Failures, r.Breaker.State))];
        }
    }

    public async ValueTask DisposeAsync()
    {
        ReplicaConnection[] replicas;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            replicas = _replicas;
            _replicas = [];
        }

        foreach (var connection in replicas)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _httpClient.Dispose();
    }

    /// <summary>
    /// Chooses the replica with the fewest outstanding calls among those not yet tried whose circuit lets a call
    /// through, starting the scan after the last choice so ties rotate.
    /// </summary>
    private ReplicaLease Acquire(HashSet<ReplicaConnection>? tried, Exception? lastConnectFailure)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var replicas = _replicas;
            if (replicas.Length == 0)
            {
                throw new UpstreamException(UpstreamFailure.NoHealthyReplica, instanceId: null, "The MCP server has no replicas.");
            }

            ReplicaConnection? best = null;
            var bestIndex = 0;
            for (var i = 0; i < replicas.Length; i++)
            {
                var index = (_nextTieBreak + i) % replicas.Length;
                var candidate = replicas[index];
                if (tried?.Contains(candidate) != true && candidate.Breaker.IsAvailable && (best is null || candidate.Outstanding < best.Outstanding))
                {
                    best = candidate;
                    bestIndex = index;
                }
            }

            if (best is null || !best.Breaker.TryAcquire(out var isProbe))
            {
                throw lastConnectFailure is not null
                    ? new UpstreamException(UpstreamFailure.ConnectFailed, instanceId: null, "No replica of the MCP server accepted a connection.", lastConnectFailure)
                    : new UpstreamException(UpstreamFailure.CircuitOpen, instanceId: null, "Every replica's circuit is open.");
            }

            _nextTieBreak = (bestIndex + 1) % replicas.Length;
            best.Outstanding++;
            best.Started++;
            return new ReplicaLease(best, isProbe);
        }
    }

    private void Release(ReplicaLease lease, CallOutcome outcome)
    {
        var connection = lease.Connection;
        bool? healthChange = null;
        var disposeNow = false;
        lock (_gate)
        {
            connection.Outstanding--;
            switch (outcome)
            {
                case CallOutcome.Answered:
                    healthChange = connection.Breaker.RecordSuccess() ? true : null;
                    break;
                case CallOutcome.Failed:
                    connection.Failures++;
                    healthChange = connection.Breaker.RecordFailure() ? false : null;
                    break;
                default:
                    if (lease.IsProbe)
                    {
                        connection.Breaker.ReleaseProbe();
                    }

                    break;
            }

            disposeNow = connection.Retired && connection.Outstanding == 0;
        }

        if (disposeNow)
        {
            _ = connection.DisposeAsync().AsTask();
        }

        if (healthChange is { } healthy)
        {
            if (healthy)
            {
                UpstreamLog.CircuitClosed(_logger, connection.Replica.InstanceId);
            }
            else
            {
                UpstreamLog.CircuitOpened(_logger, connection.Replica.InstanceId, _options.FailureThreshold);
            }

            _healthChanged?.Invoke(connection.Replica.InstanceId, healthy);
        }
    }
}
