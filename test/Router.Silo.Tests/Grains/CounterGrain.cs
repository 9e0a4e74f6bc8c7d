using Router.Abstractions.Grains;
using Router.Abstractions.Persistence;
using Router.Silo.Tests.Fixtures;

namespace Router.Silo.Tests.Grains;

internal interface ICounterGrain : IGrainWithStringKey
{
    Task<int> AddAsync(int amount);

    [ReadOnly]
    Task<int> GetAsync();

    Task SaveAsync();

    Task DeactivateAsync();

    Task<int> ValueSeenOnActivationAsync();

    Task<string?> GetEtagAsync();
}

internal sealed class CounterState
{
    public int Value { get; set; }
}

internal sealed class CounterGrain(
    [PersistentState("counter")] IPersistentState<CounterState> state,
    GrainProbe probe) : ProbedGrain(probe), ICounterGrain
{
    private int _valueSeenOnActivation;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _valueSeenOnActivation = state.State.Value;
        return base.OnActivateAsync(cancellationToken);
    }

    public Task<int> AddAsync(int amount)
    {
        state.State.Value += amount;
        return Task.FromResult(state.State.Value);
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Value);

    public Task SaveAsync() => state.WriteStateAsync();

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<int> ValueSeenOnActivationAsync() => Task.FromResult(_valueSeenOnActivation);

    public Task<string?> GetEtagAsync() => Task.FromResult(state.Etag);
}
