using System.Net;
using Router.Abstractions.Grains;
using Router.Abstractions.Registry;
using Router.Gateway.Tests.Infrastructure;
using Router.Silo.Membership;
using Router.Testing;

namespace Router.Gateway.Tests.Cluster;

/// <summary>
/// Issue 5, failure test: a node that loses its database connection stops serving and comes back when it returns. One
/// node reaches PostgreSQL through a <see cref="TcpRelay"/> the test cuts; the other reaches it directly and serves on.
/// Real time, short membership timings (<see cref="ClusterNodes"/>); every wait is bounded and nothing is timed.
/// </summary>
public sealed class SelfFencingTests
{
    private static readonly Uri Ready = new("/health/ready", UriKind.Relative);

    /// <summary>Far beyond any cut here: nobody is declared dead in the first test.</summary>
    private static readonly TimeSpan NoDeath = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan ShortDeath = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Node_CutFromDatabase_Answers503UntilItIsBackThenServesWithoutRestart()
    {
        var server = await PostgresServer.GetSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("fencing");
        await using var relay = ClusterNodes.RelayTo(server);
        await using var cut = await ClusterNodes.StartAsync(ClusterNodes.Through(relay, connectionString), NoDeath);
        await using var steady = await ClusterNodes.StartAsync(connectionString, NoDeath);
        await cut.Client.RegisterOkAsync("fenced", "i1", interval: 300);
        await steady.Client.RegisterOkAsync("steady", "i1", interval: 300);
        var siloId = ClusterNodes.SiloId(cut);
        await using var subscriber = await LoadSubscriber.StartAsync(cut.Client);

        relay.Cut();

        // Until it fences itself the node may still answer from memory (a heartbeat of a healthy instance needs no write).
        var before = new List<HttpStatusCode>();
        await Bounded.UntilAsync(
            async () =>
            {
                var status = await cut.Client.HeartbeatAsync("fenced", "i1");
                before.Add(status);
                return status == HttpStatusCode.ServiceUnavailable && !ClusterNodes.Runtime(cut).IsServing;
            },
            "the cut node to fence itself");
        Assert.All(before, status => Assert.True(status is HttpStatusCode.NoContent or HttpStatusCode.ServiceUnavailable, $"answered {(int)status}"));
        await AssertNotServingAsync(cut, "fenced");

        // The other node has its own path to the database.
        Assert.Equal(HttpStatusCode.NoContent, await steady.Client.HeartbeatAsync("steady", "i1"));
        await steady.Client.RegisterOkAsync("steady", "i2", interval: 300);
        Assert.Equal(HttpStatusCode.OK, await Readiness.WaitForStatusAsync(steady.Client, Ready, HttpStatusCode.OK));

        relay.Restore();

        await Bounded.UntilAsync(async () => await cut.Client.HeartbeatAsync("fenced", "i1") == HttpStatusCode.NoContent, "the node to serve again");
        await cut.Client.RegisterOkAsync("fenced", "i2", interval: 300);
        Assert.Equal(HttpStatusCode.OK, await Readiness.WaitForStatusAsync(cut.Client, Ready, HttpStatusCode.OK));
        Assert.Equal(["i1", "i2"], await ClusterNodes.InstancesAsync(cut, "fenced"));
        Assert.Equal(["i1", "i2"], await ClusterNodes.InstancesAsync(steady, "steady"));

        // Its event stream stayed open: it delivers what the other node wrote meanwhile and what it wrote since, with no gap.
        var frames = await subscriber.StopAsync(untilSequence: await steady.Client.HeadAsync());
        Assert.Equal(Enumerable.Range(1, frames.Count).Select(i => (long)i), frames.Select(f => f.Sequence));
        Assert.Contains(frames, f => f.Event == "instance.registered" && f.McpId == "steady" && f.InstanceId == "i2");
        Assert.Contains(frames, f => f.Event == "instance.registered" && f.McpId == "fenced" && f.InstanceId == "i2");
        Assert.Equal(0, subscriber.Reconnects);

        // Fenced and back, never declared dead: the same generation serves.
        Assert.Equal(siloId, ClusterNodes.SiloId(cut));
        Assert.Equal(MembershipStatus.Active, (await ClusterNodes.StatusesAsync(connectionString))[siloId]);
    }

    [Fact]
    public async Task Node_CutPastTheDeathTimeout_IsDeclaredDeadThenDropsItsGrainsAndRejoinsAsNewGeneration()
    {
        var server = await PostgresServer.GetSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("fencing_death");
        await using var relay = ClusterNodes.RelayTo(server);
        await using var cut = await ClusterNodes.StartAsync(ClusterNodes.Through(relay, connectionString), ShortDeath);
        await using var steady = await ClusterNodes.StartAsync(connectionString, ShortDeath);
        await cut.Client.RegisterOkAsync("held", "i1", interval: 300);
        await steady.Client.RegisterOkAsync("steady", "i1", interval: 300);
        var first = ClusterNodes.SiloId(cut);
        var steadyId = ClusterNodes.SiloId(steady);
        var dropped = new List<(GrainId Grain, DeactivationReason Reason)>();
        ClusterNodes.Runtime(cut).Catalog.Deactivated += (activation, reason) =>
        {
            lock (dropped)
            {
                dropped.Add((activation.GrainId, reason));
            }
        };

        relay.Cut();

        await Bounded.UntilAsync(
            async () => (await ClusterNodes.StatusesAsync(connectionString))[first] == MembershipStatus.Dead,
            "the other node to declare the cut one dead");
        await AssertNotServingAsync(cut, "held");
        Assert.Equal(HttpStatusCode.NoContent, await steady.Client.HeartbeatAsync("steady", "i1"));

        // The node that declared it dead brings back the registry grain it held without being called for it, so that its
        // lease checks run.
        var registry = new GrainId(ClusterNodes.Runtime(steady).Types.GetByInterface(typeof(IConnectionRegistryGrain)).TypeName, "held");
        await Bounded.UntilAsync(
            () => Task.FromResult(ClusterNodes.Runtime(steady).Catalog.TryGetActivation(registry, out _)), "the registry grain of 'held' back on the other node");

        relay.Restore();

        // Back, it finds itself dead: it drops what it held (another node may hold those grains by now) and rejoins.
        await Bounded.UntilAsync(async () => await cut.Client.HeartbeatAsync("held", "i1") == HttpStatusCode.NoContent, "the node to serve again");
        var second = ClusterNodes.SiloId(cut);
        Assert.NotEqual(first, second);
        lock (dropped)
        {
            Assert.Contains(dropped, d => d.Grain.Key == "held" && d.Reason.Code == DeactivationReasonCode.ShuttingDown);
        }

        var statuses = await ClusterNodes.StatusesAsync(connectionString);
        Assert.Equal(MembershipStatus.Dead, statuses[first]);
        Assert.Equal(MembershipStatus.Active, statuses[second]);
        Assert.Equal(MembershipStatus.Active, statuses[steadyId]);

        // The registration made before the cut was written; the new generation's activation reads it back.
        await cut.Client.RegisterOkAsync("held", "i2", interval: 300);
        Assert.Equal(["i1", "i2"], await ClusterNodes.InstancesAsync(cut, "held"));
        Assert.Equal(HttpStatusCode.OK, await Readiness.WaitForStatusAsync(cut.Client, Ready, HttpStatusCode.OK));
    }

    /// <summary>Grain-backed endpoints answer 503 problem details naming the cause, with no exception text; the node is not ready.</summary>
    private static async Task AssertNotServingAsync(TestNode node, string mcpId)
    {
        using (var heartbeat = await node.Client.PutAsync($"/v1/servers/{mcpId}/instances/i1/heartbeat", content: null))
        {
            var problem = await Problems.AssertProblemAsync(heartbeat, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("cluster membership", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var registration = await node.Client.RegisterAsync(mcpId, RegistryCalls.Registration("other", interval: 300)))
        {
            await Problems.AssertProblemAsync(registration, HttpStatusCode.ServiceUnavailable);
        }

        using var ready = await node.Client.GetAsync(Ready);
        var body = await ready.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("silo fenced", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }
}
