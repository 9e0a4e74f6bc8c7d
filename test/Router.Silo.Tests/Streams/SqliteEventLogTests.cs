using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Router.Silo.Storage;
using Router.Silo.Streams;

namespace Router.Silo.Tests.Streams;

/// <summary>The event log contract on <see cref="SqliteGrainStorage"/>, over a database file in a fresh temporary directory.</summary>
public sealed class SqliteEventLogTests : DurableEventLogTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "router-sqlite-events-" + Guid.NewGuid().ToString("N"));

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "state.db")}";

    protected override IGrainStorage CreateStorage() => new SqliteGrainStorage(
        "Default",
        new SqliteGrainStorageOptions { ConnectionString = ConnectionString },
        TimeProvider.System,
        NullLogger<SqliteGrainStorage>.Instance);

    protected override Task DeleteStoreAsync()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task WaitForAppendAsync_StorageDisposedWhileWaiting_ThrowsObjectDisposed()
    {
        var wait = Log.WaitForAppendAsync(0);

        await DisposeStorageAsync(Storage);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => wait.WaitAsync(HangGuard));
    }

    protected override Task DeleteAllEventRowsAsync() => ExecuteAsync("DELETE FROM event_log");

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
