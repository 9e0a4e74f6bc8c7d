using Router.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Router.Gateway.Health;
using Router.Silo.Hosting;
using Router.Testing;

namespace Router.Gateway.Tests.Health;

public sealed class StorageHealthCheckTests
{
    [Fact]
    public async Task CheckHealth_WhenStorageAnswers_ReturnsHealthy()
    {
        var check = CreateCheck(new SiloStatusStub(checkStorage: _ => Task.CompletedTask), TimeProvider.System);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("storage reachable", result.Description);
    }

    [Fact]
    public async Task CheckHealth_WhenStorageThrows_ReturnsUnhealthyWithFixedDescription()
    {
        var check = CreateCheck(new SiloStatusStub(checkStorage: _ => throw new InvalidOperationException("password=secret")), TimeProvider.System);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("storage unreachable", result.Description);
        Assert.Null(result.Exception);
    }

    [Fact]
    public async Task CheckHealth_WhenStorageHangsPastTimeout_ReturnsUnhealthy()
    {
        var clock = new FakeTimeProvider();
        var check = CreateCheck(new SiloStatusStub(checkStorage: token => Task.Delay(Timeout.InfiniteTimeSpan, token)), clock);

        var pending = check.CheckHealthAsync(new HealthCheckContext());
        Assert.False(pending.IsCompleted);
        clock.Advance(StorageHealthCheck.Timeout);
        var result = await pending;

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("storage unreachable", result.Description);
    }

    [Fact]
    public async Task CheckHealth_WhenCallerCancels_Throws()
    {
        var check = CreateCheck(new SiloStatusStub(checkStorage: token => Task.Delay(Timeout.InfiniteTimeSpan, token)), new FakeTimeProvider());
        using var cancellation = new CancellationTokenSource();

        var pending = check.CheckHealthAsync(new HealthCheckContext(), cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    private static StorageHealthCheck CreateCheck(ISiloStatus silo, TimeProvider timeProvider) =>
        new(silo, timeProvider, NullLogger<StorageHealthCheck>.Instance);
}
