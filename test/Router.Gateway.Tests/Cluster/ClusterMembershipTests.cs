using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Router.Abstractions.Registry;
using Router.Gateway.Options;
using Router.Silo.Messaging;
using Router.Gateway.Tests.Infrastructure;
using Router.Testing;

namespace Router.Gateway.Tests.Cluster;

/// <summary>
/// A node on the <c>postgres</c> provider is a cluster member: its row is active while it runs, dead once it stopped, and
/// other nodes can call its grains on its internal port (and only there).
/// </summary>
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

    [Fact]
    public async Task Node_OnPostgres_ServesOtherNodesGrainCallsOnItsInternalPortOnly()
    {
        var server = await PostgresServer.GetSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("cluster");
        var internalPort = FreePort.Next();
        await using var node = await TestNode.StartAsync(
            "Router:Storage:Provider=postgres", $"Router:Storage:ConnectionString={connectionString}", $"Router:Cluster:InternalPort={internalPort}");
        var runtime = node.App.Services.GetRequiredService<Router.Silo.SiloRuntime>();
        using var http = RemoteSiloInvoker.CreateHttpClient();
        var registry = new RemoteSiloInvoker(http, new Uri($"http://127.0.0.1:{internalPort}"), runtime.Serializer.Options, TimeSpan.FromSeconds(30))
            .GetGrain<IConnectionRegistryGrain>(runtime.Types.GetByInterface(typeof(IConnectionRegistryGrain)).TypeName, "weather");

        var snapshot = await registry.GetAsync();

        Assert.Empty(snapshot.Instances);
        Assert.Equal([($"127.0.0.1:{internalPort}", "router", 2)], await RowsAsync(connectionString));
        using var onPublicPort = await node.Client.PostAsync("/internal/v1/grain-calls", new StringContent("[]"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, onPublicPort.StatusCode);
    }

    [Theory]
    [InlineData("node-b:7000", "http://127.0.0.1:8080", "node-b:7000")]
    [InlineData(null, "http://127.0.0.1:8080", "127.0.0.1:11111")]
    [InlineData(null, "http://10.1.2.3:5000;http://127.0.0.1:5001", "10.1.2.3:11111")]
    public void ResolveAdvertisedAddress_ConfiguredOrFromUrls_IsThatAddress(string? configured, string urls, string expected) =>
        Assert.Equal(expected, RouterClusterOptions.ResolveAdvertisedAddress(configured, urls, 11111));

    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://*:8080")]
    public void ResolveAdvertisedAddress_UrlsBindEveryInterface_MachineName(string urls) =>
        Assert.Equal($"{Environment.MachineName}:11111", RouterClusterOptions.ResolveAdvertisedAddress(null, urls, 11111));

    [Theory]
    [InlineData("http://127.0.0.1:8080", "127.0.0.1")]
    [InlineData("http://localhost:8080", "127.0.0.1")]
    [InlineData("http://0.0.0.0:8080", "0.0.0.0")]
    [InlineData("http://10.1.2.3:8080", "10.1.2.3")]
    public void InternalEndpoint_FromUrls_SameInterfaceAsThePublicPort(string urls, string expected) =>
        Assert.Equal(new System.Net.IPEndPoint(System.Net.IPAddress.Parse(expected), 11111), RouterClusterOptions.InternalEndpoint(urls, 11111));

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
