using Microsoft.Extensions.Diagnostics.HealthChecks;
using Router.Gateway.Health;
using Router.Silo.Hosting;

namespace Router.Gateway.Tests.Health;

public sealed class SiloHealthCheckTests
{
    [Theory]
    [InlineData(true, HealthStatus.Healthy)]
    [InlineData(false, HealthStatus.Unhealthy)]
    public async Task CheckHealth_WithSiloRunningOrNot_ReportsIt(bool running, HealthStatus expected)
    {
        var check = new SiloHealthCheck(new SiloStatusStub(running));

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(expected, result.Status);
    }

    private sealed class SiloStatusStub(bool running) : ISiloStatus
    {
        public bool IsRunning => running;

        public Task CheckStorageAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
