using Microsoft.Extensions.Diagnostics.HealthChecks;
using Router.Silo.Hosting;

namespace Router.Gateway.Health;

/// <summary>Healthy while the co-hosted silo serves grain calls: from the end of its start until shutdown begins.</summary>
internal sealed class SiloHealthCheck(ISiloStatus silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(silo.IsRunning
            ? HealthCheckResult.Healthy("silo running")
            : HealthCheckResult.Unhealthy("silo not running"));
}
