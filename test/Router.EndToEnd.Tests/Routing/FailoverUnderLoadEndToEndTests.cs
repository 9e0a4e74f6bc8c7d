using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Router.EndToEnd.Tests.Fixtures;
using Router.Testing.McpPeers;
using Xunit.Abstractions;

namespace Router.EndToEnd.Tests.Routing;

/// <summary>
/// Failover as users see it: a real node process, two real <c>server-everything</c> replicas of one MCP server kept alive by
/// heartbeats, agents calling <c>echo</c> through the REST tool API and the MCP endpoint without pause, and one replica
/// killed with SIGKILL (no shutdown code runs, nothing deregisters).
/// </summary>
/// <remarks>
/// Detection is the registry's first event saying the killed instance stopped taking calls (<c>instance.unhealthy</c>, or
/// <c>instance.expired</c> if that comes first) as a subscriber of <c>/v1/events</c> receives it. Whichever signal comes
/// first causes it: the node's circuit breaker reporting the replica unreachable after refused connects, or the
/// heartbeats stopping. From then on no call may fail. Before it, only calls in flight on the replica when it died may
/// fail: a refused connect is retried on the other replica, since nothing can have been sent.
/// </remarks>
public sealed class FailoverUnderLoadEndToEndTests(ITestOutputHelper output)
{
    private const string McpId = "everything";
    private const string Version = "1.0.0";
    private const string VictimId = "everything-a";
    private const string SurvivorId = "everything-b";
    private const int HeartbeatIntervalSeconds = 1;
    private const int RestAgents = 6;
    private const int McpAgents = 2;
    private const int CallsBeforeKill = 200;
    private const int CallsAfterDetection = 300;
    private const int CallsAfterExpiry = 100;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task TwoReplicas_OneKilledWithSigkillUnderLoad_NoCallFailsAfterDetection()
    {
        var testStarted = Stopwatch.GetTimestamp();
        await using var node = await RouterNodeProcess.StartAsync();
        await using var feed = await RawFeedSubscriber.StartAsync(node.Url);
        var replicas = await Task.WhenAll(
            ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp),
            ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp));
        await using var victim = replicas[0];
        await using var survivor = replicas[1];
        using var http = new HttpClient { BaseAddress = node.Url, Timeout = Wait };
        var mcpAgents = new List<McpEchoAgent>();
        var heartbeats = new List<HeartbeatLoop>();
        EchoLoad? running = null;
        try
        {
            await RegisterAsync(http, VictimId, victim);
            await RegisterAsync(http, SurvivorId, survivor);
            var victimHeartbeat = HeartbeatLoop.Start(http, McpId, VictimId, HeartbeatPeriod);
            var survivorHeartbeat = HeartbeatLoop.Start(http, McpId, SurvivorId, HeartbeatPeriod);
            heartbeats.AddRange([victimHeartbeat, survivorHeartbeat]);
            var healthy = new HashSet<string>(StringComparer.Ordinal);
            await feed.WaitForAsync(e => e.Type == "instance.healthy" && healthy.Add(e.InstanceId!) && healthy.Count == 2, Wait);

            // Both replicas take calls: get-env answers with the environment of the replica that ran it, PORT included.
            var ports = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < 20 && ports.Count < 2; i++)
            {
                ports.Add(await ReplicaPortAsync(http));
            }

            Assert.True(ports.SetEquals([Port(victim), Port(survivor)]), $"replicas that answered get-env: {string.Join(", ", ports)}");

            for (var i = 0; i < McpAgents; i++)
            {
                mcpAgents.Add(await McpEchoAgent.StartAsync(http, McpId, $"mcp-{i}"));
            }

            IReadOnlyList<IEchoAgent> agents = [.. Enumerable.Range(0, RestAgents).Select(i => new RestEchoAgent(http, McpId, $"rest-{i}")), .. mcpAgents];
            var load = running = EchoLoad.Start(agents);
            await load.WaitUntilAsync(calls => calls.Count >= CallsBeforeKill, Wait, () => $"{load.Calls.Count} calls before the kill");

            // The server dies: its heartbeats stop (none is left in flight), then SIGKILL to its own pid. killStarted is
            // just before the signal, killed just after the process is known to be gone.
            await victimHeartbeat.StopAsync();
            long killStarted, killed;
            using (var process = Process.GetProcessById(victim.ProcessId))
            {
                killStarted = Stopwatch.GetTimestamp();
                process.Kill();
                await process.WaitForExitAsync();
                killed = Stopwatch.GetTimestamp();
            }

            var detection = await feed.WaitForAsync(
                e => e.InstanceId == VictimId && e.Type is "instance.unhealthy" or "instance.expired", Wait);
            var detected = Stopwatch.GetTimestamp();
            var expired = detection.Type == "instance.expired"
                ? detected
                : await WaitForExpiryAsync(feed);

            // Past detection and past the instance's removal from the registry (and so from the node's pool).
            await load.WaitUntilAsync(
                calls => calls.Count(c => c.StartedAt > detected) >= CallsAfterDetection && calls.Count(c => c.StartedAt > expired) >= CallsAfterExpiry,
                Wait,
                () => $"{load.Calls.Count(c => c.StartedAt > detected)} calls after detection, {load.Calls.Count(c => c.StartedAt > expired)} after expiry");
            var all = await load.StopAsync();

            var survivorPorts = new List<string>();
            for (var i = 0; i < 10; i++)
            {
                survivorPorts.Add(await ReplicaPortAsync(http));
            }

            await survivorHeartbeat.StopAsync();

            var beforeKill = all.Where(c => c.EndedAt < killStarted).ToList();
            var inFlightAtKill = all.Where(c => c.StartedAt < killStarted && c.EndedAt >= killStarted).ToList();
            var failed = all.Where(c => !c.Succeeded).ToList();
            var afterDetection = all.Where(c => c.StartedAt > detected).ToList();
            output.WriteLine(
                $"calls {all.Count} ({agents.Count} agents); before kill {beforeKill.Count}; in flight at kill {inFlightAtKill.Count}; " +
                $"failed {failed.Count} (started after the signal {failed.Count(c => c.StartedAt > killStarted)}, after the exit {failed.Count(c => c.StartedAt > killed)}); " +
                $"after detection {afterDetection.Count}, failed {afterDetection.Count(c => !c.Succeeded)}");
            output.WriteLine(
                $"kill took {Ms(killStarted, killed)}; detection ({detection.Type}) {Ms(killed, detected)} after the kill; " +
                $"expiry {Ms(killed, expired)} after the kill; test {Ms(testStarted, Stopwatch.GetTimestamp())}");
            foreach (var call in failed)
            {
                output.WriteLine($"failed: {call.Agent} started {Ms(killStarted, call.StartedAt)} after the kill, took {Ms(call.StartedAt, call.EndedAt)}: {call.Failure}");
            }

            var evidence = $"{Describe(failed, killStarted)}{Environment.NewLine}node output:{Environment.NewLine}{node.RecentOutput}";
            Assert.True(beforeKill.All(c => c.Succeeded), $"calls failed before the kill: {evidence}");
            Assert.True(afterDetection.Count >= CallsAfterDetection, $"only {afterDetection.Count} calls after detection");
            Assert.True(afterDetection.All(c => c.Succeeded), $"calls started after detection failed: {evidence}");
            Assert.True(failed.Count <= inFlightAtKill.Count, $"{failed.Count} failures, {inFlightAtKill.Count} calls in flight at the kill: {evidence}");
            Assert.True(failed.All(c => c.StartedAt < killed), $"calls started after the replica was dead failed: {evidence}");
            Assert.All(survivorPorts, port => Assert.Equal(Port(survivor), port));
            Assert.True(survivorHeartbeat.Rejected == 0, $"the survivor's heartbeats were rejected: {survivorHeartbeat.LastRejection}");
        }
        finally
        {
            // On a failed step too: nothing keeps calling or heartbeating into the node while it is disposed.
            if (running is not null)
            {
                await running.StopAsync();
            }

            foreach (var heartbeat in heartbeats)
            {
                await heartbeat.StopAsync();
            }

            foreach (var agent in mcpAgents)
            {
                await agent.DisposeAsync();
            }
        }
    }

    private static async Task<long> WaitForExpiryAsync(RawFeedSubscriber feed)
    {
        await feed.WaitForAsync(e => e.InstanceId == VictimId && e.Type == "instance.expired", Wait);
        return Stopwatch.GetTimestamp();
    }

    private static string Port(ServerEverything server) => server.Port.ToString(CultureInfo.InvariantCulture);

    private static string Ms(long from, long to) => $"{Stopwatch.GetElapsedTime(from, to).TotalMilliseconds:0} ms";

    private static string Describe(IEnumerable<EchoCall> failed, long killStarted) =>
        string.Join(Environment.NewLine, failed.Select(c => $"  {c.Agent} started {Ms(killStarted, c.StartedAt)} after the kill: {c.Failure}"));

    private static async Task RegisterAsync(HttpClient http, string instanceId, ServerEverything replica)
    {
        using var response = await http.PostAsJsonAsync($"/v1/servers/{McpId}/instances", new JsonObject
        {
            ["version"] = Version,
            ["endpoint"] = replica.Endpoint.ToString(),
            ["transport"] = "streamable-http",
            ["instanceId"] = instanceId,
            ["heartbeatIntervalSeconds"] = HeartbeatIntervalSeconds,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"register {instanceId}: HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The PORT of the replica that answered one <c>get-env</c> call routed by the node.</summary>
    private static async Task<string> ReplicaPortAsync(HttpClient http)
    {
        var (status, body) = await RestEchoAgent.CallAsync(http, McpId, "get-env", []);
        Assert.True(status == HttpStatusCode.OK, $"get-env: HTTP {(int)status}: {body}");
        var text = RestEchoAgent.FirstText(body) ?? throw new InvalidOperationException($"get-env answered no text: {body}");
        return JsonNode.Parse(text)?["PORT"]?.GetValue<string>() ?? throw new InvalidOperationException("get-env answered no PORT.");
    }
}
