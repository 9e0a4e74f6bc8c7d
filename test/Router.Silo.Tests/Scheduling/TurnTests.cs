using Router.Silo.Tests.Fixtures;
using Router.Silo.Tests.Grains;

namespace Router.Silo.Tests.Scheduling;

public sealed class TurnTests
{
    [Fact]
    public async Task Requests_IssuedWithoutAwaiting_RunOneAtATimeInArrivalOrder()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("ordered");

        var calls = Enumerable.Range(0, 200).Select(grain.AppendAsync).ToArray();
        await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(0, 200), await grain.GetLogAsync());
        Assert.Equal(1, await grain.GetMaxConcurrencyAsync());
    }

    [Fact]
    public async Task Requests_FromManyThreads_NeverOverlap()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("contended");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await grain.AppendAsync((t * 1000) + i);
            }
        })));

        var log = await grain.GetLogAsync();
        Assert.Equal(400, log.Length);
        Assert.Equal(1, await grain.GetMaxConcurrencyAsync());
        foreach (var thread in log.GroupBy(v => v / 1000))
        {
            Assert.Equal(thread.Order(), thread);
        }
    }

    [Fact]
    public async Task GrainCode_AfterAwait_ResumesOnItsActivation()
    {
        await using var silo = await TestSilo.StartAsync();

        Assert.True(await silo.Grains.GetGrain<ITurnGrain>("context").RunsOnActivationContextAsync());
    }

    [Fact]
    public async Task NonReentrantGrain_SecondRequest_WaitsForFirstToComplete()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("gated");

        var first = grain.BlockAsync("g1");
        await silo.Probe.WaitUntilAsync(() => silo.Probe.Marker("gated:started:g1") == 1, "the first request started");
        var second = grain.BlockAsync("g2");
        silo.Probe.OpenGate("g2");

        Assert.False(second.IsCompleted);
        Assert.Equal(0, silo.Probe.Marker("gated:started:g2"));
        silo.Probe.OpenGate("g1");
        await Task.WhenAll(first, second);
        Assert.Equal(1, silo.Probe.Marker("gated:started:g2"));
        Assert.Equal(1, await grain.GetMaxConcurrencyAsync());
    }

    [Fact]
    public async Task ReentrantGrain_SecondRequest_InterleavesWhileFirstAwaits()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<IReentrantChainGrain>("re");

        var first = grain.BlockAsync("r1");
        var second = grain.BlockAsync("r2");
        await silo.Probe.WaitUntilAsync(
            () => silo.Probe.Marker("re:started:r1") == 1 && silo.Probe.Marker("re:started:r2") == 1,
            "both requests started");

        silo.Probe.OpenGate("r1");
        silo.Probe.OpenGate("r2");
        await Task.WhenAll(first, second);
        Assert.Equal(2, await grain.GetMaxConcurrencyAsync());
    }

    [Fact]
    public async Task ReadOnlyRequests_Together_Interleave_ButWriteWaits()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("reader");

        var read1 = grain.ReadBlockAsync("ro1");
        var read2 = grain.ReadBlockAsync("ro2");
        await silo.Probe.WaitUntilAsync(
            () => silo.Probe.Marker("reader:started:ro1") == 1 && silo.Probe.Marker("reader:started:ro2") == 1,
            "both read-only requests started");
        var write = grain.BlockAsync("w");
        silo.Probe.OpenGate("w");

        Assert.Equal(0, silo.Probe.Marker("reader:started:w"));
        silo.Probe.OpenGate("ro1");
        silo.Probe.OpenGate("ro2");
        await Task.WhenAll(read1, read2, write);
        Assert.Equal(1, silo.Probe.Marker("reader:started:w"));
        Assert.Equal(2, await grain.GetMaxConcurrencyAsync());
    }

    [Fact]
    public async Task AlwaysInterleaveMethod_WhileExclusiveRequestAwaits_RunsAtOnce()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("peek");

        var blocked = grain.BlockAsync("p");
        await silo.Probe.WaitUntilAsync(() => silo.Probe.Marker("peek:started:p") == 1, "the blocking request started");

        Assert.Equal(0, await grain.PeekLogLengthAsync());
        Assert.False(blocked.IsCompleted);
        silo.Probe.OpenGate("p");
        await blocked;
    }
}
