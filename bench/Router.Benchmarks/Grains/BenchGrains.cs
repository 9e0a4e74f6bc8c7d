using Router.Abstractions.Grains;

namespace Router.Benchmarks.Grains;

internal interface IBenchGrain : IGrainWithStringKey
{
    ValueTask<int> AddAsync(int amount);

    Task<int> AddTaskAsync(int amount);

    Task DeactivateAsync();
}

internal sealed class BenchGrain : Grain, IBenchGrain
{
    private int _value;

    public ValueTask<int> AddAsync(int amount) => new(_value += amount);

    public Task<int> AddTaskAsync(int amount) => Task.FromResult(_value += amount);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

/// <summary>The same logic without the runtime, as the baseline of a local call.</summary>
internal sealed class PlainCounter : IBenchGrain
{
    private int _value;

    public ValueTask<int> AddAsync(int amount) => new(_value += amount);

    public Task<int> AddTaskAsync(int amount) => Task.FromResult(_value += amount);

    public Task DeactivateAsync() => Task.CompletedTask;
}
