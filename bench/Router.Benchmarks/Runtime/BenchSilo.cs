using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Router.Abstractions.Grains;
using Router.Silo;
using Router.Silo.Hosting;
using Router.Silo.Storage;

namespace Router.Benchmarks.Runtime;

/// <summary>A started silo on the system clock with memory storage, hosting the benchmark grains.</summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private BenchSilo(ServiceProvider services)
    {
        _services = services;
        Runtime = services.GetRequiredService<SiloRuntime>();
    }

    public SiloRuntime Runtime { get; }

    public IGrainFactory Grains => Runtime.GrainFactory;

    public static async Task<BenchSilo> StartAsync(Action<SiloOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSilo(silo => silo
            .AddGrains(typeof(BenchSilo).Assembly)
            .AddMemoryGrainStorage()
            .Configure(o => configure?.Invoke(o)));
        var silo = new BenchSilo(services.BuildServiceProvider());
        await silo.Runtime.StartAsync();
        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.StopAsync();
        await _services.DisposeAsync();
    }
}
