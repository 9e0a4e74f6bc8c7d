using Router.Abstractions.Grains;
using Router.Silo.Tests.Fixtures;
using Router.Silo.Tests.Grains;

namespace Router.Silo.Tests.Activation;

public sealed class ActivationTests
{
    [Fact]
    public async Task FirstCall_HundredConcurrentCallers_ExactlyOneActivation()
    {
        await using var silo = await TestSilo.StartAsync();
        using var start = new ManualResetEventSlim();
        var callers = Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await silo.Grains.GetGrain<ICounterGrain>("hot").AddAsync(1);
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(callers);

        Assert.Equal(1, silo.Probe.ActivationCount("hot"));
        Assert.Equal(Enumerable.Range(1, 100), results.Order());
        Assert.Equal(100, await silo.Grains.GetGrain<ICounterGrain>("hot").GetAsync());
        Assert.Equal(1, silo.Runtime.Catalog.Count);
    }

    [Fact]
    public async Task Reference_HeldAcrossDeactivation_ReachesNewActivation()
    {
        await using var silo = await TestSilo.StartAsync();
        var counter = silo.Grains.GetGrain<ICounterGrain>("a");
        await counter.AddAsync(2);
        await counter.DeactivateAsync();
        await silo.Probe.WaitForDeactivationsAsync("a", 1);

        Assert.Equal(2, await counter.AddAsync(0));
        Assert.Equal(2, silo.Probe.ActivationCount("a"));
    }

    [Fact]
    public async Task Activation_FailsForConcurrentCallers_AllFailWithActivationErrorThenNextCallRetries()
    {
        await using var silo = await TestSilo.StartAsync();
        silo.Probe.FailActivationOf("broken", fail: true);
        var grain = silo.Grains.GetGrain<ICounterGrain>("broken");

        var failures = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Assert.ThrowsAsync<GrainActivationException>(() => grain.AddAsync(1))));

        Assert.All(failures, f =>
        {
            Assert.Equal("broken", f.GrainId.Key);
            Assert.IsType<InvalidOperationException>(f.InnerException);
        });
        Assert.Equal(0, silo.Runtime.Catalog.Count);

        silo.Probe.FailActivationOf("broken", fail: false);
        Assert.Equal(1, await grain.AddAsync(1));
        Assert.Equal(1, silo.Probe.ActivationCount("broken"));
    }

    [Fact]
    public async Task GetGrain_ForGrainInterface_ReturnsReferenceNotActivation()
    {
        await using var silo = await TestSilo.StartAsync();

        var reference = silo.Grains.GetGrain<ICounterGrain>("lazy");

        Assert.IsNotType<CounterGrain>(reference);
        Assert.Equal(0, silo.Runtime.Catalog.Count);
        Assert.Equal(new GrainId("counter", "lazy"), ((Abstractions.Invocation.GrainReference)(object)reference).GrainId);
    }

    [Fact]
    public async Task GrainConstructor_CalledOutsideRuntime_Throws()
    {
        await using var silo = await TestSilo.StartAsync();

        var error = Assert.Throws<InvalidOperationException>(() => new TurnGrain(silo.Probe));

        Assert.Contains("GetGrain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_AfterSiloStopped_FailsClearly()
    {
        var silo = await TestSilo.StartAsync();
        await silo.Runtime.StopAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Grains.GetGrain<ICounterGrain>("late").AddAsync(1));

        Assert.Contains("not running", error.Message, StringComparison.Ordinal);
        await silo.DisposeAsync();
    }

    [Fact]
    public async Task Stop_WithActiveGrains_DeactivatesAllWithShutdownReason()
    {
        var silo = await TestSilo.StartAsync();
        await silo.Grains.GetGrain<ICounterGrain>("x").AddAsync(1);
        await silo.Grains.GetGrain<ITurnGrain>("y").AppendAsync(1);

        await silo.Runtime.StopAsync();

        Assert.Equal(DeactivationReasonCode.ShuttingDown, Assert.Single(silo.Probe.Deactivations("x")).Code);
        Assert.Equal(DeactivationReasonCode.ShuttingDown, Assert.Single(silo.Probe.Deactivations("y")).Code);
        Assert.Equal(0, silo.Runtime.Catalog.Count);
        await silo.DisposeAsync();
    }
}
