using BenchmarkDotNet.Attributes;
using Router.Benchmarks.Grains;

namespace Router.Benchmarks.Runtime;

/// <summary>One call to an active, idle grain on this silo, against the same call without the runtime.</summary>
[MemoryDiagnoser]
public class LocalCallBenchmarks
{
    private BenchSilo _silo = null!;
    private IBenchGrain _grain = null!;
    private IBenchGrain _plain = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _silo = await BenchSilo.StartAsync();
        _grain = _silo.Grains.GetGrain<IBenchGrain>("bench");
        _plain = new PlainCounter();
        await _grain.AddAsync(0);
    }

    [GlobalCleanup]
    public Task CleanupAsync() => _silo.DisposeAsync().AsTask();

    [Benchmark(Baseline = true, Description = "direct call, no runtime (ValueTask)")]
    public ValueTask<int> Direct() => _plain.AddAsync(1);

    [Benchmark(Description = "grain call (ValueTask<int>)")]
    public ValueTask<int> GrainValueTask() => _grain.AddAsync(1);

    [Benchmark(Description = "grain call (Task<int>)")]
    public Task<int> GrainTask() => _grain.AddTaskAsync(1);
}
