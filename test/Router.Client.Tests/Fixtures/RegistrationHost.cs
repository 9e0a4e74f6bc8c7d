using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Router.Testing;

namespace Router.Client.Tests.Fixtures;

/// <summary>A generic host that does nothing but the router registration, on a fake clock.</summary>
internal sealed class RegistrationHost : IAsyncDisposable
{
    private bool _stopped;

    private readonly CountingTimeProvider _clock;

    private RegistrationHost(IHost host, CountingTimeProvider clock)
    {
        Host = host;
        _clock = clock;
        Time = clock.Inner;
        Registration = host.Services.GetRequiredService<IMcpRouterRegistration>();
    }

    public IHost Host { get; }

    public FakeTimeProvider Time { get; }

    public IMcpRouterRegistration Registration { get; }

    /// <summary>
    /// Builds a host registering <c>weather</c> 1.2.0 at <c>http://127.0.0.1:9001/mcp</c> with <paramref name="router"/>;
    /// <paramref name="configure"/> adjusts the options, <paramref name="services"/> adds services.
    /// </summary>
    public static RegistrationHost Create(
        FakeRegistryServer router, Action<McpRouterRegistrationOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var time = new CountingTimeProvider(new FakeTimeProvider());
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddMcpRouterRegistration(options =>
        {
            options.RouterUrl = router.BaseUrl;
            options.McpId = "weather";
            options.Version = "1.2.0";
            options.Endpoint = new Uri("http://127.0.0.1:9001/mcp");
            configure?.Invoke(options);
        });
        services?.Invoke(builder.Services);
        return new RegistrationHost(builder.Build(), time);
    }

    /// <summary>Starts the host and waits for the first registration to be acknowledged.</summary>
    public async Task StartRegisteredAsync()
    {
        await Host.StartAsync();
        await Eventually.Within(Registration.WaitForRegistrationAsync(), "the first registration");
    }

    /// <summary>Waits until the registration loop is waiting on the fake clock (a heartbeat or backoff delay).</summary>
    public Task WaitForTimerAsync(int count = 1) =>
        Eventually.TrueAsync(() => Time.ScheduledTimerCount == count, $"{count} timer(s) scheduled on the fake clock");

    /// <summary>
    /// Moves the clock in <paramref name="step"/>s until a timer fires, at most <paramref name="limit"/> in all. Small
    /// steps keep a timer that the fired one's work schedules (say a backoff of at least one step) out of the same
    /// advance, which it would otherwise fall into when the work finishes before the advance does.
    /// </summary>
    public void AdvanceUntilTimerFires(TimeSpan step, TimeSpan limit)
    {
        var before = _clock.FiredCount;
        for (var elapsed = TimeSpan.Zero; _clock.FiredCount == before; elapsed += step)
        {
            if (elapsed >= limit)
            {
                throw new TimeoutException($"No timer fired within {limit} of fake time.");
            }

            Time.Advance(step);
        }
    }

    public async Task StopAsync()
    {
        _stopped = true;
        await Eventually.Within(Host.StopAsync(), "the host to stop");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await StopAsync();
        }

        Host.Dispose();
    }
}
