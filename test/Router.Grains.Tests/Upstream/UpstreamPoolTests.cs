using Router.Grains.Upstream;
using Router.Testing;
using Router.Testing.McpPeers;

namespace Router.Grains.Tests.Upstream;

public sealed class UpstreamPoolTests
{
    [Theory]
    [InlineData(ServerEverythingTransport.StreamableHttp)]
    [InlineData(ServerEverythingTransport.Sse)]
    public async Task ListToolsAsync_ServerEverything_ListsEchoAndLongRunning(ServerEverythingTransport transport)
    {
        await using var server = await ServerEverything.StartAsync(transport);
        await using var pool = Upstream.Pool();
        pool.UpdateReplicas([Upstream.Replica("a", server)]);

        var tools = await pool.ListToolsAsync();

        Assert.Contains(tools, t => t.Name == "echo");
        Assert.Contains(tools, t => t.Name == Upstream.LongRunningTool);
    }

    [Theory]
    [InlineData(ServerEverythingTransport.StreamableHttp)]
    [InlineData(ServerEverythingTransport.Sse)]
    public async Task CallToolAsync_Echo_ReturnsEchoOverSharedSession(ServerEverythingTransport transport)
    {
        await using var server = await ServerEverything.StartAsync(transport);
        await using var pool = Upstream.Pool();
        pool.UpdateReplicas([Upstream.Replica("a", server)]);

        var first = await pool.CallToolAsync("echo", Upstream.EchoArguments("hello"), progress: null);
        var second = await pool.CallToolAsync("echo", Upstream.EchoArguments("again"), progress: null);

        Assert.Equal("Echo: hello", Upstream.Text(first));
        Assert.Equal("Echo: again", Upstream.Text(second));
        Assert.Equal(new UpstreamReplicaStatus("a", 0, 2, 0, CircuitState.Closed), Upstream.Status(pool, "a"));
    }

    [Fact]
    public async Task CallToolAsync_OverlappingCallsOnTwoReplicas_SpreadsByLeastOutstanding()
    {
        await using var a = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp);
        await using var b = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp);
        await using var pool = Upstream.Pool();
        pool.UpdateReplicas([Upstream.Replica("a", a), Upstream.Replica("b", b)]);
        using var stop = new CancellationTokenSource();
        var firstProgress = new ProgressSignal();
        var secondProgress = new ProgressSignal();

        var first = pool.CallToolAsync(Upstream.LongRunningTool, Upstream.LongRunningArguments(60), firstProgress, stop.Token).AsTask();
        var second = pool.CallToolAsync(Upstream.LongRunningTool, Upstream.LongRunningArguments(60), secondProgress, stop.Token).AsTask();
        await Task.WhenAll(firstProgress.First, secondProgress.First);

        Assert.All(pool.GetStatus(), s => Assert.Equal((1, 1L), (s.Outstanding, s.Started)));
        var third = await pool.CallToolAsync("echo", Upstream.EchoArguments("third"), progress: null);
        Assert.Equal("Echo: third", Upstream.Text(third));
        Assert.Equal(3, pool.GetStatus().Sum(s => s.Started));

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        Assert.All(pool.GetStatus(), s => Assert.Equal(0, s.Outstanding));
    }

    [Fact]
    public async Task CallToolAsync_CallerCancelsLongRunningCall_ThrowsOperationCanceledAndKeepsReplicaHealthy()
    {
        await using var server = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp);
        await using var pool = Upstream.Pool();
        pool.UpdateReplicas([Upstream.Replica("a", server)]);
        using var cancel = new CancellationTokenSource();
        var progress = new ProgressSignal();

        var call = pool.CallToolAsync(Upstream.LongRunningTool, Upstream.LongRunningArguments(600), progress, cancel.Token).AsTask();
        await progress.First;
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(new UpstreamReplicaStatus("a", 0, 1, 0, CircuitState.Closed), Upstream.Status(pool, "a"));
        Assert.Equal("Echo: after", Upstream.Text(await pool.CallToolAsync("echo", Upstream.EchoArguments("after"), progress: null)));
    }

    [Fact]
    public async Task CallToolAsync_CallOutlastsTimeout_ThrowsTimeoutWithoutRetry()
    {
        await using var a = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp);
        await using var b = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp);
        var time = new FakeTimeProvider();
        await using var pool = Upstream.Pool(new UpstreamOptions { CallTimeout = TimeSpan.FromSeconds(5) }, time);
        pool.UpdateReplicas([Upstream.Replica("a", a), Upstream.Replica("b", b)]);
        var progress = new ProgressSignal();

        var call = pool.CallToolAsync(Upstream.LongRunningTool, Upstream.LongRunningArguments(600), progress).AsTask();
        await progress.First;
        time.Advance(TimeSpan.FromSeconds(5));

        var failure = await Assert.ThrowsAsync<UpstreamException>(() => call);
        Assert.Equal(UpstreamFailure.Timeout, failure.Failure);
        Assert.Equal("a", failure.InstanceId);
        Assert.Equal(new UpstreamReplicaStatus("a", 0, 1, 1, CircuitState.Closed), Upstream.Status(pool, "a"));
        Assert.Equal(0, Upstream.Status(pool, "b").Started);
    }

    [Fact]
    public async Task CallToolAsync_UnknownTool_ReturnsReplicasErrorResultWithoutRetry()
    {
        await using var a = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp);
        await using var b = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp);
        await using var pool = Upstream.Pool();
        pool.UpdateReplicas([Upstream.Replica("a", a), Upstream.Replica("b", b)]);

        // The TypeScript SDK answers an unknown tool with an IsError result, not a JSON-RPC error: the call reached
        // the replica, so it is the tool's answer to relay, and the replica counts as healthy.
        var result = await pool.CallToolAsync("no-such-tool", arguments: null, progress: null);

        Assert.True(result.IsError);
        Assert.Equal(1, pool.GetStatus().Sum(s => s.Started));
        Assert.All(pool.GetStatus(), s => Assert.Equal((0L, CircuitState.Closed), (s.Failures, s.Circuit)));
    }

    [Fact]
    public async Task UpdateReplicas_ReplicaRemovedDuringCall_CallCompletesAndNewCallsGoElsewhere()
    {
        await using var a = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp);
        await using var b = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp);
        await using var pool = Upstream.Pool();
        pool.UpdateReplicas([Upstream.Replica("a", a)]);
        var progress = new ProgressSignal();

        var call = pool.CallToolAsync(Upstream.LongRunningTool, Upstream.LongRunningArguments(2), progress).AsTask();
        await progress.First;
        pool.UpdateReplicas([Upstream.Replica("b", b)]);
        var echo = await pool.CallToolAsync("echo", Upstream.EchoArguments("moved"), progress: null);

        Assert.StartsWith("Long running operation completed", Upstream.Text(await call), StringComparison.Ordinal);
        Assert.Equal("Echo: moved", Upstream.Text(echo));
        Assert.Equal(new UpstreamReplicaStatus("b", 0, 1, 0, CircuitState.Closed), Assert.Single(pool.GetStatus()));
    }

    [Fact]
    public async Task CallToolAsync_NoReplicas_ThrowsNoHealthyReplica()
    {
        await using var pool = Upstream.Pool();

        var failure = await Assert.ThrowsAsync<UpstreamException>(async () => await pool.CallToolAsync("echo", Upstream.EchoArguments("x"), progress: null));

        Assert.Equal(UpstreamFailure.NoHealthyReplica, failure.Failure);
    }
}
