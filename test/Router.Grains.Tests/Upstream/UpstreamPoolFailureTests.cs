using System.Collections.Concurrent;
using Router.Grains.Upstream;
using Router.Testing;
using Router.Testing.McpPeers;

namespace Router.Grains.Tests.Upstream;

public sealed class UpstreamPoolFailureTests
{
    [Theory]
    [InlineData(ServerEverythingTransport.StreamableHttp)]
    [InlineData(ServerEverythingTransport.Sse)]
    public async Task CallToolAsync_ReplicaProcessKilled_RetriesConnectRefusedOnOtherReplicaUntilCircuitOpens(ServerEverythingTransport transport)
    {
        var a = await ServerEverything.StartAsync(transport);
        await using var b = await ServerEverything.StartAsync(transport);
        var health = new ConcurrentQueue<(string, bool)>();
        await using var pool = Upstream.Pool(new UpstreamOptions { FailureThreshold = 3 }, healthChanged: (id, healthy) => health.Enqueue((id, healthy)));
        try
        {
            pool.UpdateReplicas([Upstream.Replica("a", a), Upstream.Replica("b", b)]);
            await pool.CallToolAsync("echo", Upstream.EchoArguments("warm a"), progress: null);
            await pool.CallToolAsync("echo", Upstream.EchoArguments("warm b"), progress: null);
            Assert.All(pool.GetStatus(), s => Assert.Equal(1, s.Started));
        }
        finally
        {
            await a.DisposeAsync();
        }

        for (var i = 0; i < 5; i++)
        {
            var result = await pool.CallToolAsync("echo", Upstream.EchoArguments($"call {i}"), progress: null);
            Assert.Equal($"Echo: call {i}", Upstream.Text(result));
        }

        var down = Upstream.Status(pool, "a");
        Assert.Equal((3L, CircuitState.Open), (down.Failures, down.Circuit));
        Assert.Equal(new UpstreamReplicaStatus("b", 0, 6, 0, CircuitState.Closed), Upstream.Status(pool, "b"));
        Assert.Equal([("a", false)], health);
    }

    [Theory]
    [InlineData(ServerEverythingTransport.StreamableHttp)]
    [InlineData(ServerEverythingTransport.Sse)]
    public async Task CallToolAsync_ReplicaKilledMidCall_FailsWithoutRetryOnOtherReplica(ServerEverythingTransport transport)
    {
        var a = await ServerEverything.StartAsync(transport);
        await using var b = await ServerEverything.StartAsync(transport);
        await using var pool = Upstream.Pool();
        Task<ModelContextProtocol.Protocol.CallToolResult> call;
        try
        {
            pool.UpdateReplicas([Upstream.Replica("a", a), Upstream.Replica("b", b)]);
            var progress = new ProgressSignal();
            call = pool.CallToolAsync(Upstream.LongRunningTool, Upstream.LongRunningArguments(600), progress).AsTask();
            await progress.First;
        }
        finally
        {
            // Kills server-everything's process tree: the long-running call is cut off after it was sent.
            await a.DisposeAsync();
        }

        var failure = await Assert.ThrowsAsync<UpstreamException>(() => call);

        Assert.Equal((UpstreamFailure.ProtocolError, "a"), (failure.Failure, failure.InstanceId));
        Assert.Equal(1L, Upstream.Status(pool, "a").Failures);
        Assert.Equal(0L, Upstream.Status(pool, "b").Started);
    }

    [Fact]
    public async Task CallToolAsync_ReplicaWhereNothingListens_RetriesConnectFailedOnHealthyReplica()
    {
        await using var server = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp);
        await using var pool = Upstream.Pool();
        pool.UpdateReplicas([Upstream.Refusing("dead"), Upstream.Replica("live", server)]);

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("Echo: x", Upstream.Text(await pool.CallToolAsync("echo", Upstream.EchoArguments("x"), progress: null)));
        }

        Assert.Equal((2L, 2L), (Upstream.Status(pool, "dead").Started, Upstream.Status(pool, "dead").Failures));
        Assert.Equal(new UpstreamReplicaStatus("live", 0, 2, 0, CircuitState.Closed), Upstream.Status(pool, "live"));
    }

    [Theory]
    [InlineData(ServerEverythingTransport.StreamableHttp)]
    [InlineData(ServerEverythingTransport.Sse)]
    public async Task CallToolAsync_OnlyReplicaRefusesConnections_ThrowsConnectFailed(ServerEverythingTransport transport)
    {
        await using var pool = Upstream.Pool();
        pool.UpdateReplicas([Upstream.Refusing("dead", transport)]);

        var failure = await Assert.ThrowsAsync<UpstreamException>(async () => await pool.ListToolsAsync());

        Assert.Equal(UpstreamFailure.ConnectFailed, failure.Failure);
        Assert.Equal(1L, Upstream.Status(pool, "dead").Failures);
    }

    [Theory]
    [InlineData(ServerEverythingTransport.StreamableHttp)]
    [InlineData(ServerEverythingTransport.Sse)]
    public async Task CallToolAsync_CircuitOpenThenOpenDurationPasses_HalfOpenProbeReconnectsAndClosesCircuit(ServerEverythingTransport transport)
    {
        await using var server = await ServerEverything.StartAsync(transport);
        await using var gate = LoopbackGate.Open(server.Port);
        var time = new FakeTimeProvider();
        var health = new ConcurrentQueue<(string, bool)>();
        await using var pool = Upstream.Pool(
            new UpstreamOptions { FailureThreshold = 2, OpenDuration = TimeSpan.FromSeconds(30) },
            time,
            (id, healthy) => health.Enqueue((id, healthy)));
        pool.UpdateReplicas([Upstream.Replica("a", gate.Port, transport)]);
        Assert.Equal("Echo: up", Upstream.Text(await pool.CallToolAsync("echo", Upstream.EchoArguments("up"), progress: null)));

        await gate.CloseAsync();
        for (var i = 0; i < 2; i++)
        {
            var refused = await Assert.ThrowsAsync<UpstreamException>(async () => await pool.CallToolAsync("echo", Upstream.EchoArguments("down"), progress: null));
            Assert.Equal(UpstreamFailure.ConnectFailed, refused.Failure);
        }

        gate.Reopen();
        var open = await Assert.ThrowsAsync<UpstreamException>(async () => await pool.CallToolAsync("echo", Upstream.EchoArguments("open"), progress: null));
        Assert.Equal(UpstreamFailure.CircuitOpen, open.Failure);
        Assert.Equal(CircuitState.Open, Upstream.Status(pool, "a").Circuit);

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(CircuitState.HalfOpen, Upstream.Status(pool, "a").Circuit);
        var probe = await pool.CallToolAsync("echo", Upstream.EchoArguments("probe"), progress: null);

        Assert.Equal("Echo: probe", Upstream.Text(probe));
        Assert.Equal(new UpstreamReplicaStatus("a", 0, 4, 2, CircuitState.Closed), Upstream.Status(pool, "a"));
        Assert.Equal([("a", false), ("a", true)], health);
    }

    [Fact]
    public async Task CallToolAsync_HalfOpenProbeRefused_ReopensWithoutSecondUnhealthySignal()
    {
        var time = new FakeTimeProvider();
        var health = new ConcurrentQueue<(string, bool)>();
        await using var pool = Upstream.Pool(new UpstreamOptions { FailureThreshold = 1 }, time, (id, healthy) => health.Enqueue((id, healthy)));
        pool.UpdateReplicas([Upstream.Refusing("dead")]);
        await Assert.ThrowsAsync<UpstreamException>(async () => await pool.ListToolsAsync());

        time.Advance(new UpstreamOptions().OpenDuration);
        var probe = await Assert.ThrowsAsync<UpstreamException>(async () => await pool.ListToolsAsync());
        var rejected = await Assert.ThrowsAsync<UpstreamException>(async () => await pool.ListToolsAsync());

        Assert.Equal(UpstreamFailure.ConnectFailed, probe.Failure);
        Assert.Equal(UpstreamFailure.CircuitOpen, rejected.Failure);
        Assert.Equal([("dead", false)], health);
    }
}
