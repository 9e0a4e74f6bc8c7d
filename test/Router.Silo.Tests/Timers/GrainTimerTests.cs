using Router.Silo.Tests.Fixtures;
using Router.Silo.Tests.Grains;

namespace Router.Silo.Tests.Timers;

public sealed class GrainTimerTests
{
    [Fact]
    public async Task Timer_Period_TicksOncePerPeriodOnTheActivation()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITimerGrain>("t");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), interleave: false, keepAlive: true);

        silo.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, await grain.GetTicksAsync());
        silo.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await grain.GetTicksAsync());
        silo.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, await grain.GetTicksAsync());
        Assert.Equal(2, silo.Probe.Marker("t:tick-on-context"));
    }

    [Fact]
    public async Task Timer_WhileRequestRuns_WaitsForItsTurn()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITimerGrain>("t");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan, interleave: false, keepAlive: true);
        var blocked = grain.BlockAsync("hold");
        await silo.Probe.WaitUntilAsync(() => silo.Probe.Marker("t:started:hold") == 1, "the request started");

        silo.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, silo.Probe.Marker("t:tick"));

        silo.Probe.OpenGate("hold");
        await blocked;
        Assert.Equal(1, await grain.GetTicksAsync());
        Assert.Equal(1, await grain.GetMaxConcurrencyAsync());
    }

    [Fact]
    public async Task InterleavingTimer_WhileRequestRuns_TicksAtOnce()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITimerGrain>("t");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan, interleave: true, keepAlive: true);
        var blocked = grain.BlockAsync("hold");
        await silo.Probe.WaitUntilAsync(() => silo.Probe.Marker("t:started:hold") == 1, "the request started");

        silo.Advance(TimeSpan.FromSeconds(1));

        await silo.Probe.WaitUntilAsync(() => silo.Probe.Marker("t:tick") == 1, "the interleaving tick ran");
        silo.Probe.OpenGate("hold");
        await blocked;
    }

    [Fact]
    public async Task Timer_Disposed_StopsTicking()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITimerGrain>("t");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), interleave: false, keepAlive: true);
        silo.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await grain.GetTicksAsync());

        await grain.StopTimerAsync();
        silo.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, await grain.GetTicksAsync());
    }

    [Fact]
    public async Task Timer_WithoutKeepAlive_DoesNotPreventIdleCollection()
    {
        await using var silo = await TestSilo.StartAsync(o =>
        {
            o.CollectionAge = TimeSpan.FromMinutes(2);
            o.CollectionQuantum = TimeSpan.FromSeconds(30);
        });
        var grain = silo.Grains.GetGrain<ITimerGrain>("t");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20), interleave: false, keepAlive: false);

        // Ticks keep firing, yet the activation is collected once idle (between ticks) past its age.
        await silo.Probe.WaitUntilAsync(
            () =>
            {
                if (silo.Probe.Deactivations("t").Count == 1)
                {
                    return true;
                }

                silo.Advance(TimeSpan.FromSeconds(30));
                return false;
            },
            "the activation was collected despite its timer");
        Assert.True(silo.Probe.Marker("t:tick") >= 1);
    }

    [Fact]
    public async Task Timer_WithKeepAlive_KeepsActivationAlive()
    {
        await using var silo = await TestSilo.StartAsync(o =>
        {
            o.CollectionAge = TimeSpan.FromMinutes(2);
            o.CollectionQuantum = TimeSpan.FromSeconds(30);
        });
        var grain = silo.Grains.GetGrain<ITimerGrain>("t");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20), interleave: false, keepAlive: true);
        var armed = silo.Time.ScheduledTimerCount;

        for (var i = 1; i <= 18; i++)
        {
            silo.Advance(TimeSpan.FromSeconds(20));

            // The next tick is armed when this one completes; wait for both before moving the clock again.
            await silo.Probe.WaitUntilAsync(
                () => silo.Probe.Marker("t:tick") == i && silo.Time.ScheduledTimerCount == armed,
                $"tick {i} completed and the next one is armed");
        }

        Assert.Empty(silo.Probe.Deactivations("t"));
    }
}
