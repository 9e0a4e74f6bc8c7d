using Router.Abstractions.Grains;
using Router.Silo.Tests.Fixtures;

namespace Router.Silo.Tests.Grains;

internal interface IChainGrain : IGrainWithStringKey
{
    /// <summary>Calls a relay that calls back into this grain.</summary>
    Task<string> PingThroughAsync(string relayKey);

    Task<string> PongAsync();

    /// <summary>Calls this very grain through a reference.</summary>
    Task<string> CallSelfAsync();
}

internal interface IReentrantChainGrain : IGrainWithStringKey
{
    Task<string> PingThroughAsync(string relayKey);

    Task<string> PongAsync();

    Task<string> CallSelfAsync();

    Task BlockAsync(string gate);

    Task<int> GetMaxConcurrencyAsync();
}

internal interface IRelayGrain : IGrainWithStringKey
{
    Task<string> RelayAsync(bool reentrantTarget, string targetKey);
}

internal sealed class ChainGrain(GrainProbe probe) : ProbedGrain(probe), IChainGrain
{
    public Task<string> PingThroughAsync(string relayKey) =>
        GrainFactory.GetGrain<IRelayGrain>(relayKey).RelayAsync(reentrantTarget: false, GetPrimaryKeyString());

    public Task<string> PongAsync() => Task.FromResult($"pong from {GetPrimaryKeyString()}");

    public Task<string> CallSelfAsync() => GrainFactory.GetGrain<IChainGrain>(GetPrimaryKeyString()).PongAsync();
}

[Reentrant]
internal sealed class ReentrantChainGrain(GrainProbe probe) : ProbedGrain(probe), IReentrantChainGrain
{
    public Task<string> PingThroughAsync(string relayKey) =>
        GrainFactory.GetGrain<IRelayGrain>(relayKey).RelayAsync(reentrantTarget: true, GetPrimaryKeyString());

    public Task<string> PongAsync() => Task.FromResult($"pong from {GetPrimaryKeyString()}");

    public Task<string> CallSelfAsync() => GrainFactory.GetGrain<IReentrantChainGrain>(GetPrimaryKeyString()).PongAsync();

    public async Task BlockAsync(string gate)
    {
        Enter();
        Probe.Mark($"{GetPrimaryKeyString()}:started:{gate}");
        await Probe.WaitGateAsync(gate);
        Exit();
    }

    public Task<int> GetMaxConcurrencyAsync() => Task.FromResult(MaxConcurrency);
}

internal sealed class RelayGrain(GrainProbe probe) : ProbedGrain(probe), IRelayGrain
{
    public async Task<string> RelayAsync(bool reentrantTarget, string targetKey)
    {
        // Make the call back truly asynchronous, as a call to another node would be.
        await Task.Yield();
        return reentrantTarget
            ? await GrainFactory.GetGrain<IReentrantChainGrain>(targetKey).PongAsync()
            : await GrainFactory.GetGrain<IChainGrain>(targetKey).PongAsync();
    }
}
