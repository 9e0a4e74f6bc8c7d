using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Router.Abstractions.Events;
using Router.Silo.Diagnostics;
using Router.Silo.Hosting;
using Router.Silo.Storage;
using Router.Silo.Streams;
using Router.Testing;

namespace Router.Silo.Tests.Streams;

public sealed class EventLogTrimmerTests : IAsyncLifetime
{
    /// <summary>Bounds every wait so that a pass that never ends fails the test instead of hanging the run.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "router-trimmer-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new();
    private readonly ListLoggerProvider _logs = new();
    private ServiceProvider _services = null!;

    public Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        new TestSiloBuilder(services)
            .AddMemoryGrainStorage()
            .AddSqliteGrainStorage("Local", o => o.ConnectionString = $"Data Source={Path.Combine(_directory, "state.db")}")
            .AddEventLogRetention(o =>
            {
                o.Retention = TimeSpan.FromHours(1);
                o.MaxEvents = 5;
                o.TrimInterval = TimeSpan.FromMinutes(1);
            });
        _services = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task TimerDue_OldAndExcessEvents_TrimsEveryLogAndLogsTheCount()
    {
        var memory = await InitializedLogAsync("Default");
        var sqlite = await InitializedLogAsync("Local");
        foreach (var log in new[] { memory, sqlite })
        {
            await log.AppendAsync(Events(3, _time.GetUtcNow() - TimeSpan.FromHours(2)));
            await log.AppendAsync(Events(2, _time.GetUtcNow()));
        }

        await sqlite.AppendAsync(Events(5, _time.GetUtcNow()));
        var trimmer = await StartedTrimmerAsync();

        _time.Advance(TimeSpan.FromMinutes(1));
        await trimmer.CurrentPass.WaitAsync(HangGuard);

        Assert.Equal(new EventLogBounds(4, 5), await memory.GetBoundsAsync());
        Assert.Equal(new EventLogBounds(6, 10), await sqlite.GetBoundsAsync());
        var trimmed = _logs.Entries.Where(e => e.EventId == SiloEventIds.EventsTrimmed.Id).Select(e => e.Message).ToList();
        Assert.Equal(2, trimmed.Count);
        Assert.Contains(trimmed, m => m.StartsWith("Event log Default trimmed 3 events", StringComparison.Ordinal));
        Assert.Contains(trimmed, m => m.StartsWith("Event log Local trimmed 5 events", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TimerNotYetDue_NothingTrimmed()
    {
        var memory = await InitializedLogAsync("Default");
        await memory.AppendAsync(Events(10, _time.GetUtcNow() - TimeSpan.FromDays(1)));
        var trimmer = await StartedTrimmerAsync();

        _time.Advance(TimeSpan.FromSeconds(59));
        await trimmer.CurrentPass.WaitAsync(HangGuard);

        Assert.Equal(new EventLogBounds(1, 10), await memory.GetBoundsAsync());
    }

    [Fact]
    public async Task TimerDueRepeatedly_EventsAgePastRetention_TrimmedOnALaterPass()
    {
        var memory = await InitializedLogAsync("Default");
        await memory.AppendAsync(Events(2, _time.GetUtcNow()));
        await memory.AppendAsync(Events(2, _time.GetUtcNow() + TimeSpan.FromMinutes(30)));
        var trimmer = await StartedTrimmerAsync();

        var afterPass = new List<EventLogBounds>();
        for (var minute = 1; minute <= 61; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            await trimmer.CurrentPass.WaitAsync(HangGuard);
            afterPass.Add(await memory.GetBoundsAsync());
        }

        // The first events are an hour old at minute 60 and past the retention from minute 61.
        Assert.All(afterPass[..60], b => Assert.Equal(new EventLogBounds(1, 4), b));
        Assert.Equal(new EventLogBounds(3, 4), await memory.GetBoundsAsync());
    }

    [Fact]
    public async Task StopAsync_ThenTimerWouldBeDue_NothingTrimmed()
    {
        var memory = await InitializedLogAsync("Default");
        await memory.AppendAsync(Events(10, _time.GetUtcNow()));
        var trimmer = await StartedTrimmerAsync();

        await trimmer.StopAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(0, _time.ScheduledTimerCount);
        Assert.Equal(new EventLogBounds(1, 10), await memory.GetBoundsAsync());
    }

    [Fact]
    public async Task TrimOnceAsync_OneLogFails_LogsItAndTrimsTheOthers()
    {
        var memory = await InitializedLogAsync("Default");
        await memory.AppendAsync(Events(8, _time.GetUtcNow()));
        var trimmer = _services.GetRequiredService<EventLogTrimmer>();

        // The SQLite provider was never initialized, so its table is missing and its trim throws.
        var removed = await trimmer.TrimOnceAsync();

        Assert.Equal(3, removed);
        Assert.Equal(new EventLogBounds(4, 8), await memory.GetBoundsAsync());
        var failure = Assert.Single(_logs.Entries, e => e.EventId == SiloEventIds.EventTrimFailed.Id);
        Assert.Contains("Local", failure.Message, StringComparison.Ordinal);
        Assert.NotNull(failure.Exception);
    }

    private async Task<EventLogTrimmer> StartedTrimmerAsync()
    {
        var trimmer = Assert.Single(_services.GetServices<IHostedService>().OfType<EventLogTrimmer>());
        Assert.Same(_services.GetRequiredService<EventLogTrimmer>(), trimmer);
        await trimmer.StartAsync(CancellationToken.None);
        return trimmer;
    }

    private async Task<IEventLog> InitializedLogAsync(string name)
    {
        await _services.GetRequiredKeyedService<IGrainStorage>(name).InitializeAsync();
        return _services.GetRequiredKeyedService<IEventLog>(name);
    }

    private static EventDraft[] Events(int count, DateTimeOffset time) =>
        [.. Enumerable.Range(0, count).Select(n => new EventDraft("instance.heartbeat", "weather", $"i-{n}", null, time, "{}"u8.ToArray()))];

    private sealed class TestSiloBuilder(IServiceCollection services) : ISiloBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(int EventId, string Message, Exception? Exception)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new ListLogger(this);

        public void Dispose()
        {
        }

        private sealed class ListLogger(ListLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue((eventId.Id, formatter(state, exception), exception));
        }
    }
}
