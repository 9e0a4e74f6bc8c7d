using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Router.Abstractions.Events;
using Router.Silo.Storage;
using Router.Silo.Streams;
using Router.Testing;

namespace Router.Silo.Tests.Streams;

/// <summary>The event log contract on <see cref="PostgresGrainStorage"/>, over a fresh database of the shared test server.</summary>
public sealed class PostgresEventLogTests : DurableEventLogTests
{
    /// <summary>Long enough that no safety-net poll runs during a test that must be woken by a notification.</summary>
    private static readonly TimeSpan NoPolling = TimeSpan.FromHours(1);

    private string _connectionString = string.Empty;

    protected override async Task CreateStoreAsync()
    {
        var server = await PostgresServer.GetSharedAsync();
        _connectionString = await server.CreateDatabaseAsync("events");
    }

    protected override IGrainStorage CreateStorage() => Create(_connectionString);

    [Fact]
    public async Task WaitForAppendAsync_SeparateInstanceAppends_Completes()
    {
        // Instance B has its own data source, as another process would; A polls too rarely to matter, so only
        // B's notification (or A's listener catching up after it connects) can wake A.
        var a = Create(_connectionString, pollInterval: NoPolling);
        await using var b = Create(_connectionString);
        await using (a)
        {
            for (var round = 1; round <= 5; round++)
            {
                var wait = a.WaitForAppendAsync(round - 1);
                Assert.False(wait.IsCompleted);

                await b.AppendAsync(Drafts(1, start: round));

                await wait.WaitAsync(HangGuard);
            }
        }
    }

    [Fact]
    public async Task WaitForAppendAsync_AppendWithoutNotification_NoticedByPoll()
    {
        var time = new FakeTimeProvider();
        await using var storage = Create(_connectionString, pollInterval: TimeSpan.FromSeconds(1), time);
        var wait = storage.WaitForAppendAsync(0);

        // Written behind the log's back: no NOTIFY, so only a poll (or the listener's catch-up read) sees it.
        await ExecuteAsync(
            "UPDATE router_event_log_counter SET value = value + 1; " +
            "INSERT INTO router_event_log (sequence, type, mcp_id, time, data) VALUES (1, 'test.silent', 'weather', now(), '\\x7b7d'::bytea)");
        time.Advance(TimeSpan.FromSeconds(1));

        await wait.WaitAsync(HangGuard);
        Assert.Equal(new EventLogBounds(1, 1), await storage.GetBoundsAsync());
    }

    [Fact]
    public async Task WaitForAppendAsync_ServerRestarted_ListenerReconnectsAndWakes()
    {
        await using var server = await PostgresServer.StartNewAsync();
        var connectionString = await server.CreateDatabaseAsync("restart");
        await using var a = Create(connectionString, pollInterval: NoPolling);
        await a.InitializeAsync();
        await using (var b = Create(connectionString))
        {
            var first = a.WaitForAppendAsync(0);
            await b.AppendAsync(Drafts(1));
            await first.WaitAsync(HangGuard);
        }

        var second = a.WaitForAppendAsync(1);
        await server.StopAsync();
        await server.StartAsync();
        await using (var b = Create(connectionString))
        {
            await b.AppendAsync(Drafts(1, start: 1));
        }

        await second.WaitAsync(HangGuard);
    }

    [Fact]
    public async Task InitializeAsync_CustomEventTableName_StoresEventsInThatTable()
    {
        await using var storage = Create(_connectionString, eventTableName: "custom_events");
        await storage.InitializeAsync();

        await storage.AppendAsync([new EventDraft("tools.changed", "weather", null, null, T0, Json("{}"))]);

        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM custom_events"));
        Assert.Equal(1L, await ScalarAsync("SELECT value FROM custom_events_counter"));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM router_event_log"));
    }

    [Fact]
    public async Task WaitForAppendAsync_StorageDisposedWhileWaiting_ThrowsObjectDisposed()
    {
        var wait = Log.WaitForAppendAsync(0);

        await DisposeStorageAsync(Storage);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => wait.WaitAsync(HangGuard));
    }

    private static PostgresGrainStorage Create(
        string connectionString,
        TimeSpan? pollInterval = null,
        TimeProvider? timeProvider = null,
        string eventTableName = PostgresGrainStorageOptions.DefaultEventTableName) => new(
        "Default",
        new PostgresGrainStorageOptions
        {
            ConnectionString = connectionString,
            EventTableName = eventTableName,
            EventPollInterval = pollInterval ?? TimeSpan.FromSeconds(1),
        },
        timeProvider ?? TimeProvider.System,
        NullLogger<PostgresGrainStorage>.Instance);

    protected override Task DeleteAllEventRowsAsync() => ExecuteAsync("DELETE FROM router_event_log");

    private async Task ExecuteAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
