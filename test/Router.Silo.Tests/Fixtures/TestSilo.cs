using Microsoft.Extensions.DependencyInjection;
using Router.Abstractions.Grains;
using Router.Silo.Hosting;
using Router.Silo.Storage;
using Router.Silo.Tests.Grains;
using Router.Testing;

namespace Router.Silo.Tests.Fixtures;

/// <summary>A started silo on a fake clock with memory storage, hosting this assembly's test grains.</summary>
internal sealed class TestSilo : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TestSilo(ServiceProvider services, FakeTimeProvider time)
    {
        _services = services;
        Time = time;
        Runtime = services.GetRequiredService<SiloRuntime>();
        Probe = services.GetRequiredService<GrainProbe>();
        Storage = services.GetRequiredKeyedService<IGrainStorage>("Default");
    }

    public FakeTimeProvider Time { get; }

    public SiloRuntime Runtime { get; }

    public IGrainFactory Grains => Runtime.GrainFactory;

    public GrainProbe Probe { get; }

    public IGrainStorage Storage { get; }

    public SiloOptions Options => Runtime.Options;

    public static async Task<TestSilo> StartAsync(Action<SiloOptions>? configure = null)
    {
        var time = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<GrainProbe>();
        services.AddSilo(silo => silo
            .AddGrains(typeof(TestSilo).Assembly)
            .AddSerializerContext(TestJsonContext.Default)
            .AddMemoryGrainStorage()
            .Configure(options => configure?.Invoke(options)));
        var provider = services.BuildServiceProvider();
        var silo = new TestSilo(provider, time);
        await silo.Runtime.StartAsync();
        return silo;
    }

    /// <summary>Advances the fake clock in steps so periodic runtime timers fire at each step.</summary>
    public void Advance(TimeSpan span) => Time.Advance(span);

    public async ValueTask DisposeAsync()
    {
        if (Runtime.IsRunning)
        {
            await Runtime.StopAsync();
        }

        await _services.DisposeAsync();
    }
}
