using System.Net;
using Router.Gateway.Tests.Infrastructure;
using Router.Testing;
using Router.Testing.McpPeers;

namespace Router.Gateway.Tests.Cluster;

/// <summary>
/// Issue 5, failure test: PostgreSQL restarted under load. Two nodes on a private server take registrations, heartbeats
/// and routed tool calls (to the C# fixture) from a few concurrent loops and stream events to one subscriber each, while
/// the server is stopped past the nodes' fence and death timeouts and started again. Real time; every wait is bounded.
/// </summary>
public sealed class PostgresRestartTests
{
    private static readonly Uri Ready = new("/health/ready", UriKind.Relative);

    /// <summary>A liveness bound on each request while the database is away (fail fast, never hang); not a timing test.</summary>
    private static readonly TimeSpan FailFast = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan DeathTimeout = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Cluster_PostgresRestartedUnderLoad_FailsFastWhileDownAndRecoversWithoutNodeRestart()
    {
        // Its own server: the test stops it. Its port stays held while it is down (PostgresServer), so it restarts there.
        await using var server = await PostgresServer.StartNewAsync();
        var connectionString = await server.CreateDatabaseAsync("restart");
        await using var fixture = await McpFixtureServer.StartAsync();
        await using var first = await ClusterNodes.StartAsync(connectionString, DeathTimeout);
        await using var second = await ClusterNodes.StartAsync(connectionString, DeathTimeout);
        TestNode[] nodes = [first, second];
        var siloIds = nodes.Select(ClusterNodes.SiloId).ToArray();
        for (var i = 0; i < nodes.Length; i++)
        {
            // Each node has servers of its own: the grain directory is not in the call path yet, so two nodes writing one
            // registry grain would conflict on its ETag, which is not what this test is about.
            var body = RegistryCalls.Registration("fixture", endpoint: fixture.Endpoint.ToString(), interval: 300);
            using var registered = await nodes[i].Client.RegisterAsync(ToolsId(i), body);
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        await using var firstFeed = await LoadSubscriber.StartAsync(first.Client);
        await using var secondFeed = await LoadSubscriber.StartAsync(second.Client);
        LoadSubscriber[] subscribers = [firstFeed, secondFeed];
        await using var load = ClusterLoad.Start(nodes, LoadId, ToolsId);
        await Bounded.UntilAsync(() => Served(load, nodes.Length, since: TimeSpan.Zero), "every node to serve every kind of request before the restart");

        await server.StopAsync();
        var stopped = load.Mark();
        try
        {
            foreach (var node in nodes)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, await Readiness.WaitForStatusAsync(node.Client, Ready, HttpStatusCode.ServiceUnavailable));
                await Bounded.UntilAsync(() => !ClusterNodes.Runtime(node).IsServing, "the node to fence itself");
            }

            // Down past the death timeout too, so that when it is back every node's row is stale.
            await Bounded.UntilAsync(
                () => nodes.Select((_, i) => i).All(i => load.Since(stopped + DeathTimeout).Count(r => r.Node == i && r.Kind == LoadKind.Call && r.Status == 503) >= 3),
                "routed calls answered a death timeout into the outage");
        }
        finally
        {
            await server.StartAsync();
        }

        var started = load.Mark();
        await Bounded.UntilAsync(() => Served(load, nodes.Length, since: started), "every node to serve every kind of request again");
        foreach (var node in nodes)
        {
            Assert.Equal(HttpStatusCode.OK, await Readiness.WaitForStatusAsync(node.Client, Ready, HttpStatusCode.OK));
        }

        var records = await load.StopAsync();

        // While it was down, nothing hung and nothing broke: 503 with a cause, never a 500 or a stack trace.
        Assert.All(records, r => Assert.True(r.Elapsed < FailFast, $"{r} took {r.Elapsed}"));
        Assert.All(records, r => Assert.True(r.Succeeded || r.Status == 503, $"{r}: {r.Body}"));
        var down = records.Where(r => r.At > stopped && r.At < started && r.Status == 503).ToList();
        Assert.NotEmpty(down);
        // The cause is this node (fenced), the database, or, as the nodes come back one by one, the other node holding a
        // grain the request needed (its registry grain lives on one node of the two).
        Assert.All(down, r => Assert.True(
            r.Detail is { } detail && (detail.Contains("cluster membership", StringComparison.Ordinal) || detail.Contains("database", StringComparison.Ordinal)
                || detail.Contains("node holding this part of the registry is not serving", StringComparison.Ordinal)),
            $"{r}: {r.Body}"));

        // No acknowledged registration was lost: each is in its server and in the event log.
        var log = await ReadLogAsync(first.Client);
        for (var i = 0; i < nodes.Length; i++)
        {
            var acknowledged = load.Acknowledged(i);
            var live = await ClusterNodes.InstancesAsync(nodes[i], LoadId(i));
            Assert.All(acknowledged, id => Assert.Contains(id, live));
            var logged = log.Where(f => f.Event == "instance.registered" && f.McpId == LoadId(i)).Select(f => f.InstanceId).ToHashSet();
            Assert.All(acknowledged, id => Assert.Contains(id, logged));
        }

        // Each node's subscriber saw the whole log, in order, with no gap: events written after the restart reached it.
        AssertContiguous(log);
        foreach (var subscriber in subscribers)
        {
            var frames = await subscriber.StopAsync(untilSequence: log[^1].Sequence);
            Assert.Equal(log.Select(f => f.Sequence), frames.Select(f => f.Sequence));
            Assert.Equal(0, subscriber.Reconnects);
        }

        // The nodes recovered in place: same processes, same membership generations (an outage of the database is not a
        // reason for nodes to declare each other dead).
        Assert.Equal(siloIds, nodes.Select(ClusterNodes.SiloId));
    }

    private static string LoadId(int node) => $"load-{node}";

    private static string ToolsId(int node) => $"tools-{node}";

    /// <summary>Whether every node answered a few registrations, heartbeats and routed calls with success since <paramref name="since"/>.</summary>
    private static bool Served(ClusterLoad load, int nodes, TimeSpan since)
    {
        var succeeded = load.Since(since).Where(r => r.Succeeded).CountBy(r => (r.Node, r.Kind)).ToDictionary();
        return Enumerable.Range(0, nodes).All(node =>
            Enum.GetValues<LoadKind>().All(kind => succeeded.GetValueOrDefault((node, kind)) >= 5));
    }

    private static void AssertContiguous(IReadOnlyList<SseFrame> frames)
    {
        for (var i = 1; i < frames.Count; i++)
        {
            Assert.True(frames[i].Sequence == frames[i - 1].Sequence + 1, $"gap after {frames[i - 1].Sequence}: next is {frames[i].Sequence}");
        }
    }

    /// <summary>The whole event log, read from the feed from its start up to its newest event.</summary>
    private static async Task<List<SseFrame>> ReadLogAsync(HttpClient client)
    {
        var head = await client.HeadAsync();
        using var subscriber = await EventSubscriber.OpenAsync(client, "/v1/events?after=0");
        var frames = new List<SseFrame>();
        while (frames.Count == 0 || frames[^1].Sequence < head)
        {
            frames.Add(await subscriber.NextAsync());
        }

        Assert.Equal(1, frames[0].Sequence);
        return frames;
    }
}
