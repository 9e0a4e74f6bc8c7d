using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using Router.Silo.Streams;

namespace Router.Silo.Storage;

/// <summary>
/// Wakes a PostgreSQL event log's waiters for appends made by any process: a dedicated connection LISTENs on the
/// log's channel (re-opened with exponential backoff when it fails), and while anyone waits, a timer of the
/// injected <see cref="TimeProvider"/> re-reads the newest sequence every poll interval in case a notification was
/// lost. Started by the first wait; stopped with the storage.
/// </summary>
internal sealed class PostgresEventListener : IAsyncDisposable
{
    private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(15);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _listenSql;
    private readonly string _channel;
    private readonly string _storageName;
    private readonly EventAppendSignal _signal;
    private readonly Func<CancellationToken, Task<long>> _readLast;
    private readonly TimeSpan _pollInterval;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task _listening = Task.CompletedTask;
    private ITimer? _pollTimer;
    private int _polling;
    private bool _started;
    private bool _disposed;

    /// <param name="connectionString">The storage's connection string; the listener opens its own unpooled connections.</param>
    /// <param name="sql">The log's SQL, for the channel.</param>
    /// <param name="storageName">The provider name, for logs.</param>
    /// <param name="signal">The log's signal, advanced by notifications and polls.</param>
    /// <param name="readLast">Reads the log's newest sequence number.</param>
    /// <param name="pollInterval">How often waiters' safety-net poll runs.</param>
    /// <param name="timeProvider">The clock for polls and reconnect delays.</param>
    /// <param name="logger">The storage's logger.</param>
    public PostgresEventListener(
        string connectionString,
        PostgresEventLogSql sql,
        string storageName,
        EventAppendSignal signal,
        Func<CancellationToken, Task<long>> readLast,
        TimeSpan pollInterval,
        TimeProvider timeProvider,
        ILogger logger)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);

        // The connection lives as long as the storage: no pool to return it to, and a keepalive query so that a
        // silently vanished server is noticed rather than waited on forever.
        builder.ConnectionStringBuilder.Pooling = false;
        if (builder.ConnectionStringBuilder.KeepAlive == 0)
        {
            builder.ConnectionStringBuilder.KeepAlive = 30;
        }

        _dataSource = builder.Build();
        _listenSql = sql.Listen;
        _channel = sql.Channel;
        _storageName = storageName;
        _signal = signal;
        _readLast = readLast;
        _pollInterval = pollInterval;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Starts listening and polling unless already started (or disposed).</summary>
    public void EnsureStarted()
    {
        lock (_gate)
        {
            if (_started || _disposed)
            {
                return;
            }

            _started = true;
            var stopping = _stopping.Token;
            _listening = Task.Run(() => ListenAsync(stopping), CancellationToken.None);
            _pollTimer = _timeProvider.CreateTimer(static s => ((PostgresEventListener)s!).OnPollDue(), this, _pollInterval, _pollInterval);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task listening;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _pollTimer?.Dispose();
            listening = _listening;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await listening.ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var delay = FirstReconnectDelay;
        while (true)
        {
            try
            {
                var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    connection.Notification += OnNotification;
                    await using (var listen = new NpgsqlCommand(_listenSql, connection))
                    {
                        await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    StreamLog.EventListenerConnected(_logger, _storageName, _channel);
                    delay = FirstReconnectDelay;

                    // Appends that committed before LISTEN took effect (on first start, or while reconnecting)
                    // sent no notification here; read the newest sequence once to catch them.
                    _signal.Advance(await _readLast(cancellationToken).ConfigureAwait(false));
                    while (true)
                    {
                        await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                StreamLog.EventListenerFailed(_logger, exception, _storageName, delay);
            }

            try
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (long.TryParse(e.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            _signal.Advance(sequence);
        }
    }

    private void OnPollDue()
    {
        if (_signal.WaiterCount == 0 || Interlocked.Exchange(ref _polling, 1) == 1)
        {
            return;
        }

        _ = PollAsync(_stopping.Token);
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        try
        {
            _signal.Advance(await _readLast(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            StreamLog.EventPollFailed(_logger, exception, _storageName);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            Volatile.Write(ref _polling, 0);
        }
    }
}
