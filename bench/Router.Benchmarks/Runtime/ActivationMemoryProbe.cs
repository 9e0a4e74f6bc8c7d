using Router.Benchmarks.Grains;

namespace Router.Benchmarks.Runtime;

/// <summary>Measures the managed memory held per idle activation of a small grain (not a BenchmarkDotNet run).</summary>
internal static class ActivationMemoryProbe
{
    public static async Task<string> RunAsync(int count = 100_000)
    {
        // No activation cap: every one of the activations must stay for the measurement.
        await using var silo = await BenchSilo.StartAsync(o => o.MaxActivations = 0);
        await silo.Grains.GetGrain<IBenchGrain>("warm-up").AddAsync(0);
        var keys = Enumerable.Range(0, count).Select(i => $"mem-{i}").ToArray();
        var before = Settle();
        foreach (var key in keys)
        {
            await silo.Grains.GetGrain<IBenchGrain>(key).AddAsync(1);
        }

        var after = Settle();
        var perActivation = (after - before) / (double)count;
        GC.KeepAlive(keys);
        return $"{count:N0} idle activations of a small grain: {perActivation:N0} bytes each (managed heap, after full GC)";
    }

    private static long Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
