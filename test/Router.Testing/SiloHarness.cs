using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Router.Abstractions.Grains;
using Router.Silo.Hosting;
using Router.Silo.Streams;

namespace Router.Testing;

/// <summary>
/// A silo started without a web host, on a fake clock, for tests of grains: everything <c>AddSilo</c> and the
/// storage providers register, started the way a host starts it (its hosted services, in order).
/// </summary>
public sealed class SiloHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _started = [];
    private bool _stopped;

    private SiloHarness(ServiceProvider services, FakeTimeProvider time)
    {
        _services = services;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _services;

    public IGrainFactory Grains => _services.GetRequiredService<IGrainFactory>();

    /// <summary>The event log of the storage provider named "Default".</summary>
    public IEventLog EventLog => _services.GetRequiredKeyedService<IEventLog>("Default");

    /// <summary>Builds and starts a silo; <paramref name="configure"/> adds grains, serializer contexts and storage.</summary>
    public static async Task<SiloHarness> StartAsync(
        Action<ISiloBuilder> configure,
        FakeTimeProvider? time = null,
        Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        time ??= new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSilo(configure);
        configureServices?.Invoke(services);
        var harness = new SiloHarness(services.BuildServiceProvider(), time);
        foreach (var hosted in harness._services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
            harness._started.Add(hosted);
        }

        return harness;
    }

    /// <summary>Stops the silo as a host would at shutdown: every activation is deactivated.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _services.DisposeAsync();
    }
}
