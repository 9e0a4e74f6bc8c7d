using Npgsql;
using Router.Gateway.Options;
using Router.Gateway.Tests.Infrastructure;
using Router.Testing;

namespace Router.Gateway.Tests.Cluster;

/// <summary>A node on the <c>postgres</c> provider is a cluster member: its row is active while it runs, dead once it stopped.</summary>
public sealed class ClusterMembershipTests
{
    [Fact]
    public async Task Node_OnPostgres_JoinsWithItsAdvertisedAddressAndLeavesWhenStopped()
    {
        var server = await PostgresServer.GetSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("cluster");
        await using (var node = await TestNode.StartAsync(
            "Router:Storage:Provider=postgres", $"Router:Storage:ConnectionString={connectionString}",
            "Router:Cluster:Id=cluster-one", "Router:Cluster:AdvertisedAddress=node-a.internal:9001"))
        {
            Assert.Equal([("node-a.internal:9001", "cluster-one", 2)], await RowsAsync(connectionString));
        }

        Assert.Equal([("node-a.internal:9001", "cluster-one", 4)], await RowsAsync(connectionString));
    }

    [Theory]
    [InlineData("node-b:7000", "http://127.0.0.1:8080", "node-b:7000")]
    [InlineData(null, "http://127.0.0.1:8080", "127.0.0.1:8080")]
    [InlineData(null, "http://10.1.2.3:5000;http://127.0.0.1:5001", "10.1.2.3:5000")]
    public void ResolveAdvertisedAddress_ConfiguredOrFromUrls_IsThatAddress(string? configured, string urls, string expected) =>
        Assert.Equal(expected, RouterClusterOptions.ResolveAdvertisedAddress(configured, urls));

    [Fact]
    public void ResolveAdvertisedAddress_NoFixedPort_UniquePerNode()
    {
        var first = RouterClusterOptions.ResolveAdvertisedAddress(null, "http://127.0.0.1:0");
        var second = RouterClusterOptions.ResolveAdvertisedAddress(null, "http://127.0.0.1:0");

        Assert.StartsWith(Environment.MachineName + "/", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
    }

    private static async Task<List<(string Address, string Cluster, short Status)>> RowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT address, cluster_id, status FROM router_membership ORDER BY start_time", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, short)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt16(2)));
        }

        return rows;
    }
}
