using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Router.Gateway.Tests.Infrastructure;
using Router.Silo;
using Router.Silo.Membership;
using Router.Testing;

namespace Router.Gateway.Tests.Cluster;

/// <summary>
/// Cluster nodes for failure tests: real nodes on PostgreSQL with membership timings short enough that fencing and death
/// happen within a test, and a look at the membership table and at a node's silo.
/// </summary>
internal static class ClusterNodes
{
    /// <summary>Renew every 250 ms, fence after 1.5 s without renewing, declared dead by others after <paramref name="deathTimeout"/>.</summary>
    public static Task<TestNode> StartAsync(string connectionString, TimeSpan deathTimeout, LogRecorder? logs = null)
    {
        string[] settings =
        [
            "Router:Storage:Provider=postgres",
            $"Router:Storage:ConnectionString={connectionString}",
            "Router:Cluster:Membership:RenewPeriod=00:00:00.250",
            "Router:Cluster:Membership:FenceTimeout=00:00:01.500",
            $"Router:Cluster:Membership:DeathTimeout={deathTimeout:c}",
        ];
        return logs is null ? TestNode.StartAsync(settings) : TestNode.StartAsync(logs, settings);
    }

    /// <summary>The same database through <paramref name="relay"/> (which forwards to the server's port).</summary>
    public static string Through(TcpRelay relay, string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = relay.Port }.ConnectionString;

    /// <summary>A relay in front of <paramref name="server"/>.</summary>
    public static TcpRelay RelayTo(PostgresServer server) => TcpRelay.Start(new IPEndPoint(IPAddress.Loopback, server.Port));

    public static SiloRuntime Runtime(TestNode node) => node.App.Services.GetRequiredService<SiloRuntime>();

    /// <summary>The node's identity in the membership table now (a new one after it rejoined).</summary>
    public static string SiloId(TestNode node) =>
        Runtime(node).Membership?.Agent.SiloId ?? throw new InvalidOperationException("The node is not a cluster member.");

    /// <summary>The instance ids of <c>GET /v1/servers/{mcpId}</c> on <paramref name="node"/>, in order.</summary>
    public static async Task<List<string>> InstancesAsync(TestNode node, string mcpId)
    {
        using var response = await node.Client.GetAsync($"/v1/servers/{mcpId}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /v1/servers/{mcpId} answered {(int)response.StatusCode}: {body}");
        using var server = JsonDocument.Parse(body);
        return [.. server.RootElement.GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("instanceId").GetString()!).Order(StringComparer.Ordinal)];
    }

    /// <summary>The status of every silo in the membership table, by silo id.</summary>
    public static async Task<Dictionary<string, MembershipStatus>> StatusesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT silo_id, status FROM router_membership", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var statuses = new Dictionary<string, MembershipStatus>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            statuses[reader.GetString(0)] = (MembershipStatus)reader.GetInt16(1);
        }

        return statuses;
    }
}
