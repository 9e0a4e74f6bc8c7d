using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Router.Gateway.Mcp;

/// <summary>
/// The node's MCP sessions: the Streamable HTTP sessions by id, and one count that bounds them together with the legacy
/// SSE sessions. A timer on the injected <see cref="TimeProvider"/>, started with the first session, ends sessions idle
/// past <see cref="McpHostingOptions.SessionIdleTimeout"/>; disposing the store (at shutdown) ends the rest. The options
/// are read on first use, never at construction, so a bad setting is left to start-up validation to report.
/// </summary>
internal sealed class McpSessionStore : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, McpStreamableSession> _sessions = new(StringComparer.Ordinal);
    private readonly IOptions<McpHostingOptions> _options;
    private readonly ILogger<McpSessionStore> _logger;
    private readonly Lock _sweepGate = new();
    private ITimer? _sweep;
    private bool _disposed;
    private int _count;

    public McpSessionStore(
        IOptions<McpHostingOptions> options, TimeProvider timeProvider, IHostApplicationLifetime lifetime, ILogger<McpSessionStore> logger)
    {
        _options = options;
        _logger = logger;
        TimeProvider = timeProvider;
        ApplicationStopping = lifetime.ApplicationStopping;
    }

    public TimeProvider TimeProvider { get; }

    /// <summary>The token sessions run on: the application's, never a request's.</summary>
    public CancellationToken ApplicationStopping { get; }

    /// <summary>How many sessions (both transports) are held now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Takes one of the <see cref="McpHostingOptions.MaxSessions"/> places; false (and logged) when none is left.</summary>
    public bool TryReserve()
    {
        var maxSessions = _options.Value.MaxSessions;
        if (Interlocked.Increment(ref _count) <= maxSessions)
        {
            return true;
        }

        Interlocked.Decrement(ref _count);
        McpLog.SessionLimitReached(_logger, maxSessions);
        return false;
    }

    /// <summary>Gives back a place taken by <see cref="TryReserve"/>.</summary>
    public void Release() => Interlocked.Decrement(ref _count);

    /// <summary>Adds a session whose place was reserved.</summary>
    public void Add(McpStreamableSession session)
    {
        StartSweep();
        _sessions[session.Id] = session;
        McpLog.SessionStarted(_logger, session.Id, session.Path);
    }

    public bool TryGet(string id, out McpStreamableSession session) => _sessions.TryGetValue(id, out session!);

    /// <summary>Removes and ends the session; false when another caller got there first.</summary>
    public async ValueTask<bool> EndAsync(McpStreamableSession session, McpSessionEndReason reason)
    {
        if (!_sessions.TryRemove(new KeyValuePair<string, McpStreamableSession>(session.Id, session)))
        {
            return false;
        }

        Release();
        try
        {
            await session.DisposeAsync();
        }
        catch (Exception e)
        {
            McpLog.SessionRunFailed(_logger, session.Id, e);
        }

        McpLog.SessionEnded(_logger, session.Id, reason);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        ITimer? sweep;
        lock (_sweepGate)
        {
            _disposed = true;
            sweep = _sweep;
        }

        if (sweep is not null)
        {
            await sweep.DisposeAsync();
        }

        foreach (var session in _sessions.Values)
        {
            await EndAsync(session, McpSessionEndReason.Shutdown);
        }
    }

    private void StartSweep()
    {
        lock (_sweepGate)
        {
            if (_sweep is not null || _disposed)
            {
                return;
            }

            // A quarter of the timeout: an idle session ends between 1 and 1.25 timeouts after its last use.
            var period = _options.Value.SessionIdleTimeout / 4;
            _sweep = TimeProvider.CreateTimer(static state => ((McpSessionStore)state!).Sweep(), this, period, period);
        }
    }

    private void Sweep()
    {
        var idleTimeout = _options.Value.SessionIdleTimeout;
        foreach (var session in _sessions.Values)
        {
            if (session.TryCloseIfIdle(idleTimeout))
            {
                McpLog.SessionIdleExpired(_logger, session.Id, idleTimeout);
                _ = EndAsync(session, McpSessionEndReason.IdleTimeout).AsTask();
            }
        }
    }
}
