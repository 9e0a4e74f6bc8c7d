using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Router.Client.Diagnostics;
using Router.Client.Http;

namespace Router.Client.Registration;

/// <summary>
/// Registers the server once the host has started (so it is listening before it is announced), keeps the
/// registration alive by heartbeats or a connection lease, registers again whenever the router lost it or could not
/// be reached, and deregisters at graceful shutdown. All waiting goes through the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class McpRouterRegistrationService(
    IOptions<McpRouterRegistrationOptions> options,
    RouterRegistryClient client,
    RegistrationState state,
    EndpointResolver endpointResolver,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    ILogger<McpRouterRegistrationService> logger,
    IMcpRouterLoadReporter? loadReporter = null) : IHostedService, IDisposable
{
    private readonly Lock _gate = new();
    /// <summary>Cancelled at shutdown: stops registering, heartbeats and backoff waits.</summary>
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>
    /// Cancelled at shutdown only after the deregistration, so that in connection mode the router records a
    /// deregistration rather than a disconnect.
    /// </summary>
    private readonly CancellationTokenSource _leaseClosing = new();

    /// <summary>
    /// The id sent when none is configured, chosen here rather than by the router so that a registration whose answer a
    /// shutdown cut off can still be deregistered by its id.
    /// </summary>
    private readonly string _generatedInstanceId = Guid.NewGuid().ToString("N");

    /// <summary>The id of a registration stopped before its answer arrived, which the router may have taken.</summary>
    private string? _unansweredInstanceId;

    private CancellationTokenRegistration _onStarted;
    private Task? _loop;
    private bool _stopRequested;

    private McpRouterRegistrationOptions Settings => options.Value;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Reading the options here surfaces invalid settings at start-up even without ValidateOnStart.
        _ = Settings;
        _onStarted = lifetime.ApplicationStarted.Register(StartLoop);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task? loop;
        lock (_gate)
        {
            _stopRequested = true;
            loop = _loop;
        }

        await _onStarted.DisposeAsync().ConfigureAwait(false);
        if (loop is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (Settings.LeaseMode == McpRouterLeaseMode.Heartbeat)
        {
            // No heartbeat may still be in flight when the deregistration arrives.
            await loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await DeregisterAsync(cancellationToken).ConfigureAwait(false);
        await _leaseClosing.CancelAsync().ConfigureAwait(false);
        await loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        _onStarted.Dispose();
        _stopping.Dispose();
        _leaseClosing.Dispose();
    }

    private void StartLoop()
    {
        lock (_gate)
        {
            if (!_stopRequested && _loop is null)
            {
                _loop = Task.Run(RunAsync);
            }
        }
    }

    private async Task DeregisterAsync(CancellationToken cancellationToken)
    {
        var mcpId = Settings.McpId!;
        // An id may be registered even if the answer never arrived (shutdown cut it off); a configured one always may be.
        var instanceId = state.InstanceId ?? Volatile.Read(ref _unansweredInstanceId) ?? Settings.InstanceId;
        if (instanceId is null)
        {
            ClientLog.DeregisterSkipped(logger, mcpId);
            return;
        }

        using var timeout = new CancellationTokenSource(Settings.DeregisterTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await client.DeregisterAsync(mcpId, instanceId, linked.Token).ConfigureAwait(false);
            ClientLog.Deregistered(logger, mcpId, instanceId);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            // Shutdown must not hang on an unreachable router; the lease expires there on its own.
            ClientLog.DeregisterFailed(logger, mcpId, instanceId, ex is OperationCanceledException ? $"no answer within {Settings.DeregisterTimeout}" : ex.Message);
        }
        finally
        {
            state.MarkLost(error: null);
        }
    }
}
