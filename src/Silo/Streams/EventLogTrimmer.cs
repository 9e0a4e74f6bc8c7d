using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Router.Silo.Storage;

namespace Router.Silo.Streams;

/// <summary>
/// Trims every registered event log on a timer of the injected <see cref="TimeProvider"/>: events older than
/// <see cref="EventLogOptions.Retention"/> and the oldest beyond <see cref="EventLogOptions.MaxEvents"/> go.
/// A pass that is still running when the timer fires again is not overlapped.
/// </summary>
internal sealed class EventLogTrimmer : IHostedService, IDisposable
{
    private readonly IServiceProvider _services;
    private readonly EventLogOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private Task _pass = Task.CompletedTask;

    public EventLogTrimmer(IServiceProvider services, IOptions<EventLogOptions> options, TimeProvider timeProvider, ILogger<EventLogTrimmer> logger)
    {
        _services = services;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The pass the timer started last; completed when none is running.</summary>
    internal Task CurrentPass
    {
        get
        {
            lock (_gate)
            {
                return _pass;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            _timer ??= _timeProvider.CreateTimer(static s => ((EventLogTrimmer)s!).OnDue(), this, _options.TrimInterval, _options.TrimInterval);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task pass;
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            pass = _pass;
        }

        await pass.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Trims every registered event log once and returns how many events were deleted in all.</summary>
    /// <remarks>A log that fails is logged and skipped; the next pass retries it.</remarks>
    public async Task<long> TrimOnceAsync(CancellationToken cancellationToken = default)
    {
        var olderThan = _timeProvider.GetUtcNow() - _options.Retention;
        var total = 0L;
        var names = _services.GetServices<GrainStorageRegistration>().Select(r => r.Name).Distinct(StringComparer.Ordinal);
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_services.GetKeyedService<IEventLog>(name) is not { } log)
            {
                continue;
            }

            try
            {
                var removed = await log.TrimAsync(olderThan, _options.MaxEvents, cancellationToken).ConfigureAwait(false);
                if (removed > 0)
                {
                    StreamLog.EventsTrimmed(_logger, name, removed, olderThan, _options.MaxEvents);
                }

                total += removed;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                StreamLog.EventTrimFailed(_logger, exception, name);
            }
        }

        return total;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }

        _stopping.Cancel();
    }

    private void OnDue()
    {
        lock (_gate)
        {
            if (_timer is null || !_pass.IsCompleted)
            {
                return;
            }

            var stopping = _stopping.Token;
            _pass = Task.Run(() => RunPassAsync(stopping), CancellationToken.None);
        }
    }

    private async Task RunPassAsync(CancellationToken cancellationToken)
    {
        try
        {
            await TrimOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed mid-pass.
        }
    }
}
