using Router.Abstractions.Grains;
using Router.Silo.Tests.Fixtures;
using Router.Silo.Tests.Grains;

namespace Router.Silo.Tests.Collection;

public sealed class IdleCollectionTests
{
    private static Task<TestSilo> StartAsync() => TestSilo.StartAsync(o =>
    {
        o.CollectionAge = TimeSpan.FromMinutes(10);
        o.CollectionQuantum = TimeSpan.FromSeconds(30);
    });

    [Fact]
    public async Task IdleActivation_PastCollectionAge_IsDeactivatedAsIdle()
    {
        await using var silo = await StartAsync();
        await silo.Grains.GetGrain<IIdleGrain>("idle").PingAsync();

        silo.Advance(TimeSpan.FromMinutes(9));
        Assert.Empty(silo.Probe.Deactivations("idle"));
        silo.Advance(TimeSpan.FromMinutes(1.5));

        await silo.Probe.WaitForDeactivationsAsync("idle", 1);
        Assert.Equal(DeactivationReasonCode.ActivationIdle, silo.Probe.Deactivations("idle")[0].Code);
        await silo.Probe.WaitUntilAsync(() => silo.Runtime.Catalog.Count == 0, "the catalog is empty");
    }

    [Fact]
    public async Task RecentlyUsedActivation_IsNotCollected()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<IIdleGrain>("busy");
        for (var i = 0; i < 6; i++)
        {
            await grain.PingAsync();
            silo.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.Empty(silo.Probe.Deactivations("busy"));
        Assert.Equal(1, silo.Probe.ActivationCount("busy"));
    }

    [Fact]
    public async Task CollectionAgeLimitAttribute_OverridesGlobalAge()
    {
        await using var silo = await StartAsync();
        await silo.Grains.GetGrain<IShortLivedGrain>("short").PingAsync();
        await silo.Grains.GetGrain<IIdleGrain>("long").PingAsync();

        silo.Advance(TimeSpan.FromMinutes(2));

        await silo.Probe.WaitForDeactivationsAsync("short", 1);
        Assert.Empty(silo.Probe.Deactivations("long"));
    }

    [Fact]
    public async Task KeepAliveGrain_IsNeverCollected()
    {
        await using var silo = await StartAsync();
        await silo.Grains.GetGrain<IImmortalGrain>("forever").PingAsync();
        await silo.Grains.GetGrain<IIdleGrain>("mortal").PingAsync();

        silo.Advance(TimeSpan.FromHours(3));

        await silo.Probe.WaitForDeactivationsAsync("mortal", 1);
        await silo.Probe.WaitUntilAsync(() => silo.Runtime.Catalog.Count == 1, "only the keep-alive activation remains");
        Assert.Empty(silo.Probe.Deactivations("forever"));
    }

    [Fact]
    public async Task PinnedActivation_IsNotCollected_UntilUnpinned()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<IIdleGrain>("pinned");
        await grain.PinAsync();

        silo.Advance(TimeSpan.FromHours(1));
        Assert.Empty(silo.Probe.Deactivations("pinned"));

        await grain.UnpinAsync();
        silo.Advance(TimeSpan.FromMinutes(11));
        await silo.Probe.WaitForDeactivationsAsync("pinned", 1);
        Assert.Equal(1, silo.Probe.ActivationCount("pinned"));
    }

    [Fact]
    public async Task DelayDeactivation_KeepsActivationPastCollectionAge()
    {
        await using var silo = await StartAsync();
        await silo.Grains.GetGrain<IIdleGrain>("delayed").DelayDeactivationAsync(TimeSpan.FromMinutes(30));

        silo.Advance(TimeSpan.FromMinutes(25));
        Assert.Empty(silo.Probe.Deactivations("delayed"));

        silo.Advance(TimeSpan.FromMinutes(6));
        await silo.Probe.WaitForDeactivationsAsync("delayed", 1);
    }

    [Fact]
    public async Task ActivationWithQueuedOrRunningRequest_IsNotCollected()
    {
        await using var silo = await StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("working");
        var blocked = grain.BlockAsync("long-task");
        await silo.Probe.WaitUntilAsync(() => silo.Probe.Marker("working:started:long-task") == 1, "the request started");

        silo.Advance(TimeSpan.FromHours(1));

        Assert.Empty(silo.Probe.Deactivations("working"));
        silo.Probe.OpenGate("long-task");
        await blocked;
    }
}
