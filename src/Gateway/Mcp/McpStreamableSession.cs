using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Router.Gateway.Mcp;

/// <summary>
/// One stateful Streamable HTTP session: its transport, its server and the run of that server, on a token of its own
/// (linked to the application's lifetime, never to a request's). Counts the requests and streams using it, so the idle
/// sweep only ends sessions nobody is using.
/// </summary>
internal sealed class McpStreamableSession : IAsyncDisposable
{
    private static readonly JsonTypeInfo<RequestId> RequestIdInfo =
        (JsonTypeInfo<RequestId>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(RequestId));

    private readonly CancellationTokenSource _ended;
    private readonly CancellationToken _endedToken;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<RequestId, CancellationTokenSource> _direct = new();
    private int _users;
    private int _getStreamOpen;
    private long _lastActivity;
    private bool _closed;
    private int _disposed;

    public McpStreamableSession(
        string id,
        string path,
        string? owner,
        StreamableHttpServerTransport transport,
        IMcpServerSession binding,
        TimeProvider timeProvider,
        CancellationToken applicationStopping)
    {
        Id = id;
        Owner = owner;
        Binding = binding;
        Path = path;
        Transport = transport;
        _timeProvider = timeProvider;
        _ended = CancellationTokenSource.CreateLinkedTokenSource(applicationStopping);
        _endedToken = _ended.Token;
        _lastActivity = timeProvider.GetTimestamp();
    }

    public string Id { get; }

    /// <summary>The endpoint path (with its MCP id) the session was created on; it answers there only.</summary>
    public string Path { get; }

    /// <summary>The identity that opened the session (<see cref="McpSessionOwner"/>); it answers that identity only.</summary>
    public string? Owner { get; }

    public StreamableHttpServerTransport Transport { get; }

    /// <summary>What the endpoint's factory made for this session; disposed after the server when the session ends.</summary>
    public IMcpServerSession Binding { get; }

    public McpServer? Server { get; private set; }

    /// <summary>Cancelled when the session ends.</summary>
    public CancellationToken Ended => _endedToken;

    private Task RunTask { get; set; } = Task.CompletedTask;

    /// <summary>Starts the server's message loop; it must run before the transport is handed a POST.</summary>
    public void Start(McpServer server)
    {
        Server = server;
        RunTask = server.RunAsync(_endedToken);
    }

    /// <summary>Marks a request or stream as using the session; false once the session has ended.</summary>
    public bool TryEnter()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _users++;
            _lastActivity = _timeProvider.GetTimestamp();
            return true;
        }
    }

    public void Exit()
    {
        lock (_gate)
        {
            _users--;
            _lastActivity = _timeProvider.GetTimestamp();
        }
    }

    /// <summary>Tracks a directly answered request (<see cref="IMcpDirectAnswers"/>) so the agent's <c>notifications/cancelled</c> reaches it.</summary>
    public CancellationTokenSource BeginDirect(RequestId id, CancellationToken requestAborted)
    {
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _endedToken);
        _direct[id] = cancellation;
        return cancellation;
    }

    public void EndDirect(RequestId id) => _direct.TryRemove(id, out _);

    /// <summary>Cancels the directly answered request a <c>notifications/cancelled</c> names; false when it names none.</summary>
    public bool TryCancelDirect(JsonRpcNotification cancelled)
    {
        RequestId id;
        try
        {
            if (cancelled.Params?["requestId"] is not { } node)
            {
                return false;
            }

            id = node.Deserialize(RequestIdInfo);
        }
        catch (JsonException)
        {
            return false;
        }

        if (!_direct.TryGetValue(id, out var cancellation))
        {
            return false;
        }

        try
        {
            cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The request finished meanwhile.
        }

        return true;
    }

    /// <summary>Claims the session's one standalone GET stream.</summary>
    public bool TryOpenGetStream() => Interlocked.CompareExchange(ref _getStreamOpen, 1, 0) == 0;

    public void CloseGetStream() => Volatile.Write(ref _getStreamOpen, 0);

    /// <summary>Whether a request or stream is using the session now.</summary>
    public bool InUse
    {
        get
        {
            lock (_gate)
            {
                return _users > 0;
            }
        }
    }

    /// <summary>Whether the session's standalone GET stream is open.</summary>
    public bool HasGetStream => Volatile.Read(ref _getStreamOpen) == 1;

    /// <summary>
    /// Closes the session to new requests if nothing uses it and it has been idle for at least <paramref name="timeout"/>,
    /// in one step, so a request cannot slip in between the check and the end.
    /// </summary>
    public bool TryCloseIfIdle(TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_closed || _users > 0 || _timeProvider.GetElapsedTime(_lastActivity) < timeout)
            {
                return false;
            }

            _closed = true;
            return true;
        }
    }

    /// <summary>Ends the session: stops the server, closes its streams, and waits for its loop to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _closed = true;
        }

        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _ended.CancelAsync();
        await Transport.DisposeAsync();
        try
        {
            await RunTask;
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation; that is how a session stops.
        }
        finally
        {
            if (Server is not null)
            {
                await Server.DisposeAsync();
            }

            await Binding.DisposeAsync();
            _ended.Dispose();
        }
    }
}
