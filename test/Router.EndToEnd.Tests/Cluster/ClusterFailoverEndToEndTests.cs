using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Router.EndToEnd.Tests.Fixtures;
using Router.Testing;
using Router.Testing.McpPeers;
using Xunit.Abstractions;

namespace Router.EndToEnd.Tests.Cluster;

/// <summary>
/// A cluster as users run one: three node processes on loopback ports and one PostgreSQL database, with default cluster
/// timings. A real MCP peer registers on node 1 (which so holds its registry grain, and those of twenty more servers), an
/// agent calls it through node 2, a dashboard subscribes to events on node 3; then node 1 is killed with SIGKILL.
/// </summary>
public sealed class ClusterFailoverEndToEndTests(ITestOutputHelper output)
{
    private const string McpId = "everything";
    private const int HeldServers = 20;
    private const int CallsBeforeKill = 100;
    private const int CallsAfterRecovery = 100;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ThreeNodes_NodeHoldingRegistriesKilled_RegistriesBackOnSurvivorsNothingLostCallsContinueNoEventGap()
    {
        var database = await (await PostgresServer.GetSharedAsync()).CreateDatabaseAsync("e2e_cluster");
        var started = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => RouterNodeProcess.StartAsync(
            "--Router:Storage:Provider=postgres", $"--Router:Storage:ConnectionString={database}",
            $"--Router:Cluster:InternalPort={RouterNodeProcess.FreePort()}")));
        await using var node1 = started[0];
        await using var node2 = started[1];
        await using var node3 = started[2];
        await using var peer = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp);
        await using var feed = await RawFeedSubscriber.StartAsync(node3.Url);
        McpEchoAgent? mcpAgent = null;
        EchoLoad? load = null;
        HeartbeatLoop? heartbeat = null;
        try
        {
            // Registered on node 1: their registry grains activate there. The peer heartbeats to node 1 and, when a
            // heartbeat fails, to the next node, as a server behind a load balancer would.
            await RegisterAsync(node1.Http, McpId, "peer", peer.Endpoint, heartbeatIntervalSeconds: 2);
            heartbeat = HeartbeatLoop.StartAcross([node1.Http, node2.Http, node3.Http], McpId, "peer", TimeSpan.FromMilliseconds(500));
            await feed.WaitForAsync(e => e.McpId == McpId && e.Type == "instance.healthy", Wait);
            for (var i = 0; i < HeldServers; i++)
            {
                await RegisterAsync(node1.Http, $"held-{i}", $"i{i}", new Uri($"http://127.0.0.1:{9000 + i}/mcp"), heartbeatIntervalSeconds: 300);
            }

            await feed.WaitForAsync(e => e.McpId == $"held-{HeldServers - 1}" && e.Type == "instance.registered", Wait);

            mcpAgent = await McpEchoAgent.StartAsync(node2.Http, McpId, "mcp");
            var calls = load = EchoLoad.Start([mcpAgent, new RestEchoAgent(node2.Http, McpId, "rest")]);
            await calls.WaitUntilAsync(c => c.Count >= CallsBeforeKill, Wait, () => $"{calls.Calls.Count} calls before the kill");

            var killed = Stopwatch.GetTimestamp();
            node1.Kill();

            // Back: every registry grain node 1 held answers through node 2 with its instance, and the peer's heartbeats
            // are accepted again.
            var acceptedAtKill = heartbeat.Accepted;
            await UntilAsync(async () => (await ServerAsync(node2.Http, "held-0")) is not null, "held-0's registry answering on node 2");
            var back = Stopwatch.GetElapsedTime(killed);
            await UntilAsync(() => Task.FromResult(heartbeat.Accepted > acceptedAtKill + 2), "the peer's heartbeats accepted again");
            await calls.WaitUntilAsync(
                c => c.Count(call => Stopwatch.GetElapsedTime(killed, call.StartedAt) > back) >= CallsAfterRecovery,
                Wait,
                () => $"{calls.Calls.Count} calls in all");
            var all = await calls.StopAsync();

            // Zero acknowledged registrations lost: every one is there, through either survivor.
            for (var i = 0; i < HeldServers; i++)
            {
                var server = await ServerAsync(i % 2 == 0 ? node2.Http : node3.Http, $"held-{i}");
                Assert.True(server is not null, $"held-{i} is gone after the kill");
                Assert.Contains(server.Value.GetProperty("instances").EnumerateArray(), x => x.GetProperty("instanceId").GetString() == $"i{i}");
            }

            var everything = await ServerAsync(node3.Http, McpId);
            Assert.True(everything is not null, "the peer's server is gone after the kill");
            Assert.Contains(everything.Value.GetProperty("instances").EnumerateArray(), x => x.GetProperty("instanceId").GetString() == "peer");

            // Every event in order with no gap, the last one produced after the kill, and no lease falsely expired.
            await RegisterAsync(node2.Http, "marker", "m", new Uri("http://127.0.0.1:9999/mcp"), heartbeatIntervalSeconds: 300);
            await feed.WaitForAsync(e => e.McpId == "marker" && e.Type == "instance.registered", Wait);
            var sequences = feed.Seen.Select(e => e.Sequence).ToList();
            Assert.Equal(Enumerable.Range(0, sequences.Count).Select(i => sequences[0] + i), sequences);
            Assert.DoesNotContain(feed.Seen, e => e.Type is "instance.expired" or "instance.deregistered" or "instance.disconnected");

            var failed = all.Where(c => !c.Succeeded).ToList();
            output.WriteLine(
                $"registries back on a survivor {back.TotalMilliseconds:0} ms after the kill; calls {all.Count}, failed {failed.Count}; " +
                $"heartbeats accepted {heartbeat.Accepted}, rejected {heartbeat.Rejected} (last: {heartbeat.LastRejection}); events {sequences.Count}");
            foreach (var call in failed)
            {
                output.WriteLine($"failed: {call.Agent} {Stopwatch.GetElapsedTime(killed, call.StartedAt).TotalMilliseconds:0} ms after the kill: {call.Failure}");
            }

            // The agent's calls go on: its session and the routing table live on node 2, and the peer never went away.
            Assert.True(failed.Count == 0, $"{failed.Count} agent calls failed; node 2 output:{Environment.NewLine}{node2.RecentOutput}");
        }
        finally
        {
            if (load is not null)
            {
                await load.StopAsync();
            }

            if (heartbeat is not null)
            {
                await heartbeat.StopAsync();
            }

            if (mcpAgent is not null)
            {
                await mcpAgent.DisposeAsync();
            }
        }
    }

    private static async Task RegisterAsync(HttpClient http, string mcpId, string instanceId, Uri endpoint, int heartbeatIntervalSeconds)
    {
        using var response = await http.PostAsJsonAsync($"/v1/servers/{mcpId}/instances", new JsonObject
        {
            ["version"] = "1.0.0",
            ["endpoint"] = endpoint.ToString(),
            ["transport"] = "streamable-http",
            ["instanceId"] = instanceId,
            ["heartbeatIntervalSeconds"] = heartbeatIntervalSeconds,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"register {mcpId}/{instanceId}: HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The server's registry view; null while its registry does not answer (or it has no instance).</summary>
    private static async Task<JsonElement?> ServerAsync(HttpClient http, string mcpId)
    {
        using var response = await http.GetAsync($"/v1/servers/{mcpId}");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement.Clone();
        return root.GetProperty("instances").GetArrayLength() > 0 ? root : null;
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Wait.TotalSeconds * Stopwatch.Frequency);
        while (!await condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Still waiting for {what} after {Wait}.");
            }

            await Task.Delay(50);
        }
    }
}
