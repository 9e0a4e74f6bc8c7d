using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Router.Abstractions.Grains;
using Router.Abstractions.Registry;
using Router.Gateway.Diagnostics;
using Router.Gateway.Events;
using Router.Silo.Hosting;

namespace Router.Gateway.Registry;

/// <summary>
/// Once the node has started, activates every registry grain that has persisted instances, so that their lease checks
/// run: each instance gets one fresh TTL (the grain's failover grace) and expires after it unless it heartbeats or
/// re-registers. Without this, instances of a server nobody calls would linger after a restart. It runs in the
/// background after start-up, so readiness never waits for it. In a cluster every node does it (activation is idempotent:
/// each grain activates once, on one node), and a node that declares another dead does it again, so that the registry
/// grains the dead node held come back at once rather than on their next call.
/// </summary>
internal sealed class RegistryRecoveryService(
    EventFeed feed,
    IGrainFactory grains,
    ISiloStatus silo,
    IHostApplicationLifetime lifetime,
    ILogger<RegistryRecoveryService> logger) : BackgroundService
{
    /// <summary>How many registries are activated at once.</summary>
    private const int Parallelism = 16;

    private readonly SemaphoreSlim _recoveries = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitForStartAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        silo.SilosDeclaredDead += OnSilosDeclaredDead;
        try
        {
            do
            {
                await RecoverAsync(stoppingToken).ConfigureAwait(false);

                // Several deaths declared during one recovery need one more, not one each.
                while (_recoveries.CurrentCount > 1)
                {
                    await _recoveries.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            while (await WaitForDeathAsync(stoppingToken).ConfigureAwait(false));
        }
        finally
        {
            silo.SilosDeclaredDead -= OnSilosDeclaredDead;
        }
    }

    public override void Dispose()
    {
        _recoveries.Dispose();
        base.Dispose();
    }

    private void OnSilosDeclaredDead(IReadOnlyList<string> dead) => _recoveries.Release();

    private async Task<bool> WaitForDeathAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _recoveries.WaitAsync(stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task RecoverAsync(CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<ServerView> servers;
        try
        {
            servers = (await RegistrySnapshots.ReadAsync(feed.Log, cancellationToken: stoppingToken).ConfigureAwait(false)).Servers;
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            GatewayLog.RegistryRecoveryFailed(logger, exception);
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var failed = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken };
        try
        {
            await Parallel.ForEachAsync(servers, parallel, async (server, _) =>
            {
                try
                {
                    await grains.GetGrain<IConnectionRegistryGrain>(server.McpId).GetAsync().ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    Interlocked.Increment(ref failed);
                    GatewayLog.RegistryGrainRecoveryFailed(logger, exception, server.McpId);
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        GatewayLog.RegistryRecoveryCompleted(logger, servers.Count, failed, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Waits for the application to have started (the silo runs, the server listens); false when it stops first.</summary>
    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
