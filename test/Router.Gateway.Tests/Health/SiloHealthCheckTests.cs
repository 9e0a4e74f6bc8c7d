using Router.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Router.Gateway.Health;
using Router.Silo.Hosting;

namespace Router.Gateway.Tests.Health;

public sealed class SiloHealthCheckTests
{
    [Theory]
    [InlineData(true, true, HealthStatus.Healthy, "running")]
    [InlineData(false, false, HealthStatus.Unhealthy, "not running")]
    [InlineData(true, false, HealthStatus.Unhealthy, "fenced")]
    public async Task CheckHealth_WithSiloRunningServingOrNot_ReportsIt(bool running, bool serving, HealthStatus expected, string description)
    {
        var check = new SiloHealthCheck(new SiloStatusStub(running, serving));

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(expected, result.Status);
        Assert.Contains(description, result.Description, StringComparison.Ordinal);
    }
}
