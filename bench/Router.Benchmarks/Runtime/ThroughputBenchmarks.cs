using BenchmarkDotNet.Attributes;
using Router.Benchmarks.Grains;

namespace Router.Benchmarks.Runtime;

/// <summary>64 concurrent callers spread over 1,000 active grains. Reported per call: calls/s = 1 / mean.</summary>
[MemoryDiagnoser]
public class ThroughputBenchmarks
{
    private const int Callers = 64;
    private const int Grains = 1_000;
    private const int CallsPerCaller = 4_000;

    private BenchSilo _silo = null!;
    private IBenchGrain[] _grains = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _silo = await BenchSilo.StartAsync();
        _grains = Enumerable.Range(0, Grains).Select(i => _silo.Grains.GetGrain<IBenchGrain>($"g{i}")).ToArray();
        foreach (var grain in _grains)
        {
            await grain.AddAsync(0);
        }
    }

    [GlobalCleanup]
    public Task CleanupAsync() => _silo.DisposeAsync().AsTask();

    [Benchmark(OperationsPerInvoke = Callers * CallsPerCaller, Description = "64 callers x 1,000 grains")]
    public Task ConcurrentCallers()
    {
        var callers = new Task[Callers];
        for (var c = 0; c < Callers; c++)
        {
            var start = c * 15;
            callers[c] = Task.Run(async () =>
            {
                var grains = _grains;
                for (var i = 0; i < CallsPerCaller; i++)
                {
                    await grains[(start + i) % Grains].AddAsync(1);
                }
            });
        }

        return Task.WhenAll(callers);
    }
}
