using Microsoft.Extensions.Diagnostics.HealthChecks;
using Router.Silo.Hosting;

namespace Router.Gateway.Health;

/// <summary>
/// Healthy while the co-hosted silo serves grain calls: from the end of its start until shutdown begins, and in a cluster
/// only while it holds its membership (a fenced node is taken out of the load balancer's rotation).
/// </summary>
internal sealed class SiloHealthCheck(ISiloStatus silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            !silo.IsRunning ? HealthCheckResult.Unhealthy("silo not running")
            : !silo.IsServing ? HealthCheckResult.Unhealthy("silo fenced: it does not hold its cluster membership")
            : HealthCheckResult.Healthy("silo running"));
}
