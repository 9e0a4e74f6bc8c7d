using Router.Abstractions.Grains;
using Router.Silo.Tests.Fixtures;
using Router.Silo.Tests.Grains;

namespace Router.Silo.Tests.Scheduling;

public sealed class CallChainTests
{
    [Fact]
    public async Task ReentrantGrain_CalledBackThroughChain_Completes()
    {
        await using var silo = await TestSilo.StartAsync();

        var reply = await silo.Grains.GetGrain<IReentrantChainGrain>("a").PingThroughAsync("relay");

        Assert.Equal("pong from a", reply);
    }

    [Fact]
    public async Task ReentrantGrain_CallingItself_Completes()
    {
        await using var silo = await TestSilo.StartAsync();

        Assert.Equal("pong from self", await silo.Grains.GetGrain<IReentrantChainGrain>("self").CallSelfAsync());
    }

    [Fact]
    public async Task NonReentrantGrain_CalledBackThroughChain_FailsWithTimeoutNotHang()
    {
        await using var silo = await TestSilo.StartAsync(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));

        var call = silo.Grains.GetGrain<IChainGrain>("a").PingThroughAsync("relay");
        await WaitForCycleAsync(silo, "a");
        Assert.False(call.IsCompleted);
        silo.Advance(TimeSpan.FromSeconds(31));

        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("a", error.GrainId.Key);
        Assert.Equal(TimeSpan.FromSeconds(30), error.Timeout);

        // The grain is usable again once the cycle is broken.
        Assert.Equal("pong from a", await silo.Grains.GetGrain<IChainGrain>("a").PongAsync());
    }

    [Fact]
    public async Task NonReentrantGrain_CallingItself_FailsWithTimeout()
    {
        await using var silo = await TestSilo.StartAsync();

        var call = silo.Grains.GetGrain<IChainGrain>("me").CallSelfAsync();
        await WaitForCycleAsync(silo, "me");
        silo.Advance(silo.Options.ResponseTimeout + TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>
    /// Waits until the activated chain grain has a call queued behind its own running request. (A call queued
    /// behind an activation in progress is not the cycle: it would be admitted once activation completes.)
    /// </summary>
    private static Task WaitForCycleAsync(TestSilo silo, string key) => silo.Probe.WaitUntilAsync(
        () => silo.Runtime.Catalog.All.Any(a => a.GrainId.Type == "chain" && a.GrainId.Key == key
            && a.State == Router.Silo.Activation.ActivationState.Valid && a.WaitingCount == 1),
        $"a call to chain/{key} is queued behind its own running request");
}
