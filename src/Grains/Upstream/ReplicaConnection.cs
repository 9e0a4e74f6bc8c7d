using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Router.Grains.Upstream;

/// <summary>
/// One replica in an <see cref="UpstreamPool"/>: its shared, lazily connected <see cref="McpClient"/> and the
/// balancing state the pool keeps for it.
/// </summary>
/// <remarks>
/// The counters, <see cref="Breaker"/> and <see cref="Retired"/> are guarded by the pool's lock. The client has
/// its own lock so a slow connect never holds the pool's: concurrent callers share one connect attempt, which
/// runs on the connection's lifetime rather than any caller's token (each caller stops waiting on its own).
/// </remarks>
internal sealed class ReplicaConnection : IAsyncDisposable
{
    private readonly HttpClient _httpClient;
    private readonly McpClientOptions _clientOptions;
    private readonly Action<JsonRpcNotification>? _progress;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _gate = new();
    private Task<McpClient>? _connecting;
    private McpClient? _client;
    private bool _disposed;

    /// <param name="progress">Receives the session's progress notifications in arrival order (see <see cref="ProgressRelayingTransport"/>); null leaves them to the client.</param>
    public ReplicaConnection(
        UpstreamReplica replica,
        CircuitBreaker breaker,
        HttpClient httpClient,
        McpClientOptions clientOptions,
        ILoggerFactory loggerFactory,
        Action<JsonRpcNotification>? progress = null)
    {
        _progress = progress;
        Replica = replica;
        Breaker = breaker;
        _httpClient = httpClient;
        _clientOptions = clientOptions;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ReplicaConnection>();
    }

    public UpstreamReplica Replica { get; }

    public CircuitBreaker Breaker { get; }

    public int Outstanding { get; set; }

    public long Started { get; set; }

    public long Failures { get; set; }

    /// <summary>Removed from the pool; disposed once <see cref="Outstanding"/> reaches zero.</summary>
    public bool Retired { get; set; }

    /// <summary>The replica's connected session, if there is one and it has not ended.</summary>
    public McpClient? Current
    {
        get
        {
            lock (_gate)
            {
                return _client is { Completion.IsCompleted: false } client ? client : null;
            }
        }
    }

    /// <summary>The replica's session, connecting first if there is none or the last one has ended.</summary>
    /// <remarks>
    /// A session found ended is replaced once; if the replacement has ended too, it is returned as it is and the
    /// call on it fails, so a replica that accepts and immediately drops sessions cannot hold a caller in a loop.
    /// </remarks>
    public async ValueTask<McpClient> GetClientAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            Task<McpClient> connecting;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_connecting is { IsFaulted: true } or { IsCanceled: true })
                {
                    _connecting = null;
                }

                _connecting ??= ConnectAsync(_lifetime.Token);
                connecting = _connecting;
            }

            var client = await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (ReferenceEquals(_connecting, connecting))
                {
                    _client = client;
                }
            }

            if (!client.Completion.IsCompleted || attempt == 2)
            {
                return client;
            }

            await ResetAsync(client).ConfigureAwait(false);
        }
    }

    /// <summary>Drops <paramref name="client"/> if it is still the current session, so the next call reconnects.</summary>
    public async ValueTask ResetAsync(McpClient client)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_client, client))
            {
                return;
            }

            _client = null;
            _connecting = null;
        }

        UpstreamLog.SessionReset(_logger, Replica.InstanceId);
        await DisposeQuietlyAsync(client).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Task<McpClient>? connecting;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            connecting = _connecting;
            _connecting = null;
            _client = null;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        if (connecting is not null)
        {
            try
            {
                await DisposeQuietlyAsync(await connecting.ConfigureAwait(false)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The connect failed or was cancelled by the disposal: there is no session to close.
            }
        }

        _lifetime.Dispose();
    }

    private async Task<McpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = Replica.Endpoint,
                TransportMode = Replica.Transport == UpstreamTransport.Sse ? HttpTransportMode.Sse : HttpTransportMode.StreamableHttp,
                Name = Replica.InstanceId,
            },
            _httpClient,
            _loggerFactory,
            ownsHttpClient: false);
        IClientTransport connected = _progress is null ? transport : new ProgressRelayingTransport(transport, _progress);
        var client = await McpClient.CreateAsync(connected, _clientOptions, _loggerFactory, cancellationToken).ConfigureAwait(false);
        UpstreamLog.Connected(_logger, Replica.InstanceId, Replica.Endpoint, Replica.Transport);
        return client;
    }

    private static async ValueTask DisposeQuietlyAsync(McpClient client)
    {
        try
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Closing a broken session may fail again; the session is gone either way.
        }
    }
}
