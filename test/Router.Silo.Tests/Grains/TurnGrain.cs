using Router.Abstractions.Grains;
using Router.Silo.Tests.Fixtures;

namespace Router.Silo.Tests.Grains;

internal interface ITurnGrain : IGrainWithStringKey
{
    Task AppendAsync(int value);

    Task<int[]> GetLogAsync();

    Task<int> GetMaxConcurrencyAsync();

    Task BlockAsync(string gate);

    [ReadOnly]
    Task ReadBlockAsync(string gate);

    [AlwaysInterleave]
    Task<int> PeekLogLengthAsync();

    Task<bool> RunsOnActivationContextAsync();
}

internal sealed class TurnGrain(GrainProbe probe) : ProbedGrain(probe), ITurnGrain
{
    private readonly List<int> _log = [];

    public async Task AppendAsync(int value)
    {
        Enter();
        await Task.Yield();
        _log.Add(value);
        await Task.Yield();
        Exit();
    }

    public Task<int[]> GetLogAsync() => Task.FromResult(_log.ToArray());

    public Task<int> GetMaxConcurrencyAsync() => Task.FromResult(MaxConcurrency);

    public async Task BlockAsync(string gate)
    {
        Enter();
        Probe.Mark($"{GetPrimaryKeyString()}:started:{gate}");
        await Probe.WaitGateAsync(gate);
        Exit();
    }

    public async Task ReadBlockAsync(string gate)
    {
        Enter();
        Probe.Mark($"{GetPrimaryKeyString()}:started:{gate}");
        await Probe.WaitGateAsync(gate);
        Exit();
    }

    public Task<int> PeekLogLengthAsync()
    {
        Probe.Mark($"{GetPrimaryKeyString()}:peek");
        return Task.FromResult(_log.Count);
    }

    public async Task<bool> RunsOnActivationContextAsync()
    {
        var before = SynchronizationContext.Current;
        await Task.Delay(1);
        return before is Router.Silo.Activation.ActivationSynchronizationContext && ReferenceEquals(before, SynchronizationContext.Current);
    }
}
