using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Router.Silo.Storage;

namespace Router.Silo.Tests.Storage;

/// <summary>The storage contract on <see cref="SqliteGrainStorage"/>, over a database file in a fresh temporary directory.</summary>
public sealed class SqliteGrainStorageTests : GrainStorageTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "router-sqlite-" + Guid.NewGuid().ToString("N"));

    // A nested directory that does not exist yet: initialization must create it.
    private string DatabasePath => Path.Combine(_directory, "nested", "state.db");

    protected override IGrainStorage CreateStorage() => new SqliteGrainStorage(
        "Default",
        new SqliteGrainStorageOptions { ConnectionString = $"Data Source={DatabasePath}" },
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
    public void InitializeAsync_DirectoryMissing_CreatesDatabaseFile()
    {
        Assert.True(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task InitializeAsync_NewDatabase_UsesWalJournal()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", await command.ExecuteScalarAsync() as string);
    }

    [Fact]
    public async Task CheckHealthAsync_DatabaseUnreachable_Throws()
    {
        var blocker = Path.Combine(_directory, "not-a-directory");
        await File.WriteAllTextAsync(blocker, "a file where the database's directory should be");
        using var storage = new SqliteGrainStorage(
            "Broken",
            new SqliteGrainStorageOptions { ConnectionString = $"Data Source={Path.Combine(blocker, "state.db")}" },
            TimeProvider.System,
            NullLogger<SqliteGrainStorage>.Instance);

        await Assert.ThrowsAsync<SqliteException>(() => storage.CheckHealthAsync());
    }
}
