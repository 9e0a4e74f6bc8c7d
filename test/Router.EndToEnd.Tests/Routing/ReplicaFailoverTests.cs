using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Router.EndToEnd.Tests.Fixtures;
using Router.Testing.McpPeers;

namespace Router.EndToEnd.Tests.Routing;

/// <summary>
/// Two real server-everything replicas of one version behind a real node, agents calling through the router without
/// pause, and one replica killed with SIGKILL: once the router has detected it, no call fails.
/// </summary>
public sealed class ReplicaFailoverTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string McpId = "failover";
    private const int Agents = 8;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan AfterDetection = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task TwoReplicasUnderLoad_OneKilledWithSigkill_NoCallFailsAfterDetection()
    {
        await using var node = await RouterNodeProcess.StartAsync();
        await using var feed = await RawFeedSubscriber.StartAsync(node.Url);
        await using var doomed = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp);
        await using var survivor = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp);
        await RegisterAsync(node, "doomed", doomed.Endpoint);
        await RegisterAsync(node, "survivor", survivor.Endpoint);

        // The test is each replica's registrant: it heartbeats for a replica while that replica lives.
        using var stop = new CancellationTokenSource();
        using var doomedKilled = new CancellationTokenSource();
        var heartbeats = HeartbeatAsync(node, doomedKilled.Token, stop.Token);

        var clock = Stopwatch.StartNew();
        var calls = new ConcurrentQueue<Call>();
        var load = Enumerable.Range(0, Agents).Select(agent => CallContinuouslyAsync(node, agent, clock, calls, stop.Token)).ToList();
        await WaitForAsync(() => calls.Count(c => c.Succeeded) >= 200, "200 successful calls before the kill");

        var killedAt = clock.Elapsed;
        await doomedKilled.CancelAsync();
        Process.GetProcessById(doomed.ProcessId).Kill();

        // Detected: the registry marks the replica unhealthy (a passive report from the router's circuit, or missed
        // heartbeats, whichever comes first); from then on no router node routes to it.
        await feed.WaitForAsync(e => e.Type == "instance.unhealthy" && e.InstanceId == "doomed", Wait);
        var detectedAt = clock.Elapsed;
        await WaitForAsync(() => calls.Count(c => c.StartedAt >= detectedAt) >= 300, "300 calls after detection", AfterDetection + Wait);

        await stop.CancelAsync();
        await Task.WhenAll(load);
        await heartbeats;

        var afterDetection = calls.Where(c => c.StartedAt >= detectedAt).ToList();
        output.WriteLine(
            $"{calls.Count} calls; killed at {killedAt}, detected at {detectedAt}; {calls.Count(c => !c.Succeeded)} failed, "
            + $"{afterDetection.Count} started after detection ({afterDetection.Count(c => !c.Succeeded)} failed)");
        Assert.All(afterDetection, c => Assert.True(c.Succeeded, $"a call started {c.StartedAt - detectedAt} after detection failed: {c.Answer}"));

        // Before detection only the calls already sent to the killed replica can fail: at most one per agent.
        var failedAroundKill = calls.Count(c => !c.Succeeded);
        Assert.True(failedAroundKill <= Agents, $"{failedAroundKill} calls failed around the kill at {killedAt} (detected at {detectedAt})");
    }

    private static async Task RegisterAsync(RouterNodeProcess node, string instanceId, Uri endpoint)
    {
        var body = $$"""{"version":"1.0.0","endpoint":"{{endpoint}}","instanceId":"{{instanceId}}","heartbeatIntervalSeconds":1,"transport":"streamable-http"}""";
        using var response = await node.Http.PostAsync($"/v1/servers/{McpId}/instances", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task HeartbeatAsync(RouterNodeProcess node, CancellationToken doomedKilled, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(300));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await BeatAsync(node, "survivor", cancellationToken);
                if (!doomedKilled.IsCancellationRequested)
                {
                    await BeatAsync(node, "doomed", cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The test is over.
        }
    }

    private static async Task BeatAsync(RouterNodeProcess node, string instanceId, CancellationToken cancellationToken)
    {
        using var response = await node.Http.PutAsync($"/v1/servers/{McpId}/instances/{instanceId}/heartbeat", content: null, cancellationToken);
    }

    private static async Task CallContinuouslyAsync(RouterNodeProcess node, int agent, Stopwatch clock, ConcurrentQueue<Call> calls, CancellationToken cancellationToken)
    {
        var body = $$$"""{"name":"echo","arguments":{"message":"agent {{{agent}}}"}}""";
        while (!cancellationToken.IsCancellationRequested)
        {
            var startedAt = clock.Elapsed;
            try
            {
                using var response = await node.Http.PostAsync(
                    $"/v1/mcp/proxy/{McpId}/tool/call", new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
                var answer = await response.Content.ReadAsStringAsync(cancellationToken);
                var succeeded = response.StatusCode == HttpStatusCode.OK && answer.Contains($"Echo: agent {agent}", StringComparison.Ordinal);
                calls.Enqueue(new Call(startedAt, succeeded, $"{(int)response.StatusCode} {answer}"));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException e)
            {
                calls.Enqueue(new Call(startedAt, false, e.Message));
            }
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, string what, TimeSpan? bound = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > (bound ?? Wait))
            {
                throw new TimeoutException($"Still waiting for {what} after {bound ?? Wait}.");
            }

            await Task.Delay(20);
        }
    }

    private sealed record Call(TimeSpan StartedAt, bool Succeeded, string Answer);
}
