using Router.Silo.Tests.Fixtures;
using Router.Silo.Tests.Grains;

namespace Router.Silo.Tests.Activation;

public sealed class StatelessWorkerTests
{
    [Fact]
    public async Task StatelessWorker_SequentialCalls_ReuseOneLocalActivation()
    {
        await using var silo = await TestSilo.StartAsync();
        var worker = silo.Grains.GetGrain<IWorkerGrain>("w");

        var first = await worker.WhoAmIAsync();
        var second = await worker.WhoAmIAsync();

        Assert.Equal(first, second);
        Assert.Equal(1, silo.Probe.ActivationCount("w"));
    }

    [Fact]
    public async Task StatelessWorker_ConcurrentBusyCalls_AddWorkersUpToTheMaximum()
    {
        await using var silo = await TestSilo.StartAsync();
        var worker = silo.Grains.GetGrain<IWorkerGrain>("w");

        var a = worker.BlockAsync("a");
        var b = worker.BlockAsync("b");
        await silo.Probe.WaitUntilAsync(
            () => silo.Probe.Marker("w:started:a") == 1 && silo.Probe.Marker("w:started:b") == 1,
            "both calls run at once on two workers");
        var c = worker.BlockAsync("c");

        Assert.Equal(2, silo.Probe.ActivationCount("w"));
        Assert.Equal(0, silo.Probe.Marker("w:started:c"));
        silo.Probe.OpenGate("a");
        silo.Probe.OpenGate("b");
        silo.Probe.OpenGate("c");
        var instances = await Task.WhenAll(a, b, c);
        Assert.Equal(2, instances.Distinct().Count());
        Assert.Equal(2, silo.Probe.ActivationCount("w"));
    }

    [Fact]
    public async Task StatelessWorker_IsNotRegisteredAsSingleActivation()
    {
        await using var silo = await TestSilo.StartAsync();
        await silo.Grains.GetGrain<IWorkerGrain>("w").WhoAmIAsync();

        var activation = Assert.Single(silo.Runtime.Catalog.All);
        Assert.NotNull(activation.WorkerGroup);
    }

    [Fact]
    public async Task StatelessWorker_IdleWorkers_AreCollected()
    {
        await using var silo = await TestSilo.StartAsync(o => o.CollectionAge = TimeSpan.FromMinutes(1));
        await silo.Grains.GetGrain<IWorkerGrain>("w").WhoAmIAsync();

        silo.Advance(TimeSpan.FromMinutes(3));

        await silo.Probe.WaitForDeactivationsAsync("w", 1);
        await silo.Probe.WaitUntilAsync(() => silo.Runtime.Catalog.Count == 0, "the worker is gone");
        await silo.Grains.GetGrain<IWorkerGrain>("w").WhoAmIAsync();
        Assert.Equal(2, silo.Probe.ActivationCount("w"));
    }
}
