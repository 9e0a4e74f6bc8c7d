using BenchmarkDotNet.Attributes;
using Router.Benchmarks.Grains;

namespace Router.Benchmarks.Runtime;

/// <summary>Activate a fresh grain by calling it, then deactivate it; per operation = one activation and one deactivation.</summary>
[MemoryDiagnoser]
public class ChurnBenchmarks
{
    private const int Batch = 10_000;

    private BenchSilo _silo = null!;
    private int _round;

    [GlobalSetup]
    public async Task SetupAsync() => _silo = await BenchSilo.StartAsync();

    [GlobalCleanup]
    public Task CleanupAsync() => _silo.DisposeAsync().AsTask();

    [Benchmark(OperationsPerInvoke = Batch, Description = "activate + deactivate")]
    public async Task ActivateThenDeactivate()
    {
        var round = _round++;
        var grains = new IBenchGrain[Batch];
        var calls = new Task<int>[Batch];
        for (var i = 0; i < Batch; i++)
        {
            grains[i] = _silo.Grains.GetGrain<IBenchGrain>($"churn-{round}-{i}");
            calls[i] = grains[i].AddTaskAsync(1);
        }

        await Task.WhenAll(calls);
        var activations = _silo.Runtime.Catalog.All.ToArray();
        foreach (var grain in grains)
        {
            await grain.DeactivateAsync();
        }

        await Task.WhenAll(activations.Select(a => a.Deactivated));
    }
}
