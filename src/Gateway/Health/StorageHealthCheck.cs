using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Router.Gateway.Diagnostics;
using Router.Silo.Hosting;

namespace Router.Gateway.Health;

/// <summary>
/// Healthy when every grain storage provider answers within <see cref="Timeout"/>. A singleton, so that a failure
/// is logged (with its exception) once when storage becomes unreachable rather than on every probe; the result a
/// client sees carries only a fixed description.
/// </summary>
internal sealed class StorageHealthCheck(ISiloStatus silo, TimeProvider timeProvider, ILogger<StorageHealthCheck> logger) : IHealthCheck
{
    /// <summary>How long storage may take to answer before the node reports not ready.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private const int Unknown = 0;
    private const int Reachable = 1;
    private const int Unreachable = 2;

    private int _state = Unknown;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = new CancellationTokenSource(Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await silo.CheckStorageAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            if (Interlocked.Exchange(ref _state, Unreachable) != Unreachable)
            {
                GatewayLog.StorageUnreachable(logger, exception);
            }

            return HealthCheckResult.Unhealthy("storage unreachable");
        }

        if (Interlocked.Exchange(ref _state, Reachable) == Unreachable)
        {
            GatewayLog.StorageReachable(logger);
        }

        return HealthCheckResult.Healthy("storage reachable");
    }
}
