using Router.Abstractions.Grains;
using Router.Silo.Tests.Fixtures;
using Router.Silo.Tests.Grains;

namespace Router.Silo.Tests.Collection;

public sealed class ActivationCapTests
{
    [Fact]
    public async Task Cap_Exceeded_EvictsLeastRecentlyUsedIdleActivationsFirst()
    {
        await using var silo = await TestSilo.StartAsync(o => o.MaxActivations = 3);
        foreach (var key in new[] { "k1", "k2", "k3", "k4", "k5" })
        {
            await silo.Grains.GetGrain<IIdleGrain>(key).PingAsync();
            silo.Advance(TimeSpan.FromSeconds(1));
        }

        silo.Runtime.Collector.EnforceCap();

        await silo.Probe.WaitUntilAsync(() => silo.Runtime.Catalog.Count <= 3, "the catalog is back under the cap");
        Assert.Equal(DeactivationReasonCode.CapacityExceeded, Assert.Single(silo.Probe.Deactivations("k1")).Code);
        Assert.Equal(DeactivationReasonCode.CapacityExceeded, Assert.Single(silo.Probe.Deactivations("k2")).Code);
        Assert.Empty(silo.Probe.Deactivations("k3"));
        Assert.Empty(silo.Probe.Deactivations("k4"));
        Assert.Empty(silo.Probe.Deactivations("k5"));
    }

    [Fact]
    public async Task Cap_Exceeded_NeverEvictsPinnedOrBusyActivations()
    {
        await using var silo = await TestSilo.StartAsync(o => o.MaxActivations = 2);
        await silo.Grains.GetGrain<IIdleGrain>("pinned").PinAsync();
        silo.Advance(TimeSpan.FromSeconds(1));
        var busy = silo.Grains.GetGrain<ITurnGrain>("busy").BlockAsync("hold");
        await silo.Probe.WaitUntilAsync(() => silo.Probe.Marker("busy:started:hold") == 1, "the busy request started");
        silo.Advance(TimeSpan.FromSeconds(1));
        await silo.Grains.GetGrain<IIdleGrain>("idle").PingAsync();

        silo.Runtime.Collector.EnforceCap();

        await silo.Probe.WaitForDeactivationsAsync("idle", 1);
        Assert.Empty(silo.Probe.Deactivations("pinned"));
        Assert.Empty(silo.Probe.Deactivations("busy"));
        silo.Probe.OpenGate("hold");
        await busy;
    }

    [Fact]
    public async Task Cap_Exceeded_EvictsInBackgroundWithoutBeingAsked()
    {
        await using var silo = await TestSilo.StartAsync(o => o.MaxActivations = 10);
        for (var i = 0; i < 30; i++)
        {
            await silo.Grains.GetGrain<IIdleGrain>($"bg{i}").PingAsync();
        }

        await silo.Probe.WaitUntilAsync(
            () => silo.Runtime.Catalog.Count <= 10 && silo.Runtime.Catalog.All.All(a => a.State == Router.Silo.Activation.ActivationState.Valid),
            "background eviction brought the catalog under the cap");
    }
}
