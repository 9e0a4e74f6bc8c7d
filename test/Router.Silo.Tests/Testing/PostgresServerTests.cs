using Npgsql;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.Silo.Tests.Testing;

public sealed class PostgresServerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task CreateDatabaseAsync_TwoCalls_ReturnsDistinctReachableDatabases()
    {
        var server = await PostgresServer.GetSharedAsync();

        var first = await server.CreateDatabaseAsync("Server-Tests!");
        var second = await server.CreateDatabaseAsync();

        Assert.NotEqual(first, second);
        Assert.StartsWith("servertests_", await CurrentDatabaseAsync(first), StringComparison.Ordinal);
        Assert.StartsWith("test_", await CurrentDatabaseAsync(second), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_AfterStop_KeepsDataAndPort()
    {
        await using var server = await PostgresServer.StartNewAsync();
        output.WriteLine($"Created and started a PostgreSQL cluster in {server.LastStartDuration.TotalMilliseconds:F0} ms.");
        var connectionString = await server.CreateDatabaseAsync("restart");
        await ExecuteAsync(connectionString, "CREATE TABLE kept (value int); INSERT INTO kept VALUES (42)");
        var port = server.Port;

        await server.StopAsync();
        NpgsqlConnection.ClearAllPools();
        await Assert.ThrowsAsync<NpgsqlException>(() => ExecuteAsync(connectionString, "SELECT 1"));
        await server.StartAsync();
        output.WriteLine($"Restarted it in {server.LastStartDuration.TotalMilliseconds:F0} ms.");

        Assert.Equal(port, server.Port);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT value FROM kept");
        Assert.Equal(42, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task DisposeAsync_OwnServer_DeletesItsDirectory()
    {
        var server = await PostgresServer.StartNewAsync();
        Assert.True(Directory.Exists(server.DataDirectory));

        await server.DisposeAsync();

        Assert.False(Directory.Exists(server.RootDirectory));
    }

    private static async Task<string?> CurrentDatabaseAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT current_database()");
        return await command.ExecuteScalarAsync() as string;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
