using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Router.Abstractions.Grains;
using Router.Silo.Storage;
using Router.Testing;

namespace Router.Silo.Tests.Storage;

/// <summary>The storage contract on <see cref="PostgresGrainStorage"/>, over a fresh database of the shared test server.</summary>
public sealed class PostgresGrainStorageTests : GrainStorageTests
{
    private string _connectionString = string.Empty;

    protected override async Task CreateStoreAsync()
    {
        var server = await PostgresServer.GetSharedAsync();
        _connectionString = await server.CreateDatabaseAsync("storage");
    }

    protected override IGrainStorage CreateStorage() => Create(_connectionString);

    [Fact]
    public async Task CheckHealthAsync_NothingListening_ThrowsNamingTheEndpoint()
    {
        var port = UnusedLoopbackPort();
        await using var storage = Create($"Host=127.0.0.1;Port={port};Username=router;Database=none;Timeout=5");

        var exception = await Assert.ThrowsAsync<NpgsqlException>(() => storage.CheckHealthAsync());

        Assert.Contains($"127.0.0.1:{port}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_CustomTableName_StoresRowsInThatTable()
    {
        await using var storage = Create(_connectionString, "custom_grain_state");
        await storage.InitializeAsync();

        await storage.WriteAsync(new GrainId("counter", "alpha"), "state", Json("{}"), expectedEtag: null);

        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM custom_grain_state");
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task DisposeAsync_Called_ReleasesTheDataSource()
    {
        var storage = Create(_connectionString);
        await storage.CheckHealthAsync();

        await storage.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => storage.CheckHealthAsync());
    }

    private static PostgresGrainStorage Create(string connectionString, string tableName = PostgresGrainStorageOptions.DefaultTableName) => new(
        "Default",
        new PostgresGrainStorageOptions { ConnectionString = connectionString, TableName = tableName },
        TimeProvider.System,
        NullLogger<PostgresGrainStorage>.Instance);

    private static int UnusedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
