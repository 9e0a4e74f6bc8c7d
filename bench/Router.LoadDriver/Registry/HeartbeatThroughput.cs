using System.Diagnostics;
using System.Net;

namespace Router.LoadDriver.Registry;

/// <summary>Heartbeats accepted per second by one node over keep-alive HTTP/1.1 connections.</summary>
internal static class HeartbeatThroughput
{
    public static async Task<string> RunAsync(Uri router, int connections, TimeSpan duration)
    {
        const int servers = 100;
        const int instancesPerServer = 10;
        using var http = RegistryClient.CreateHttpClient(router, connections);
        var client = new RegistryClient(http);
        var targets = new List<(string McpId, string InstanceId)>();
        for (var s = 0; s < servers; s++)
        {
            for (var i = 0; i < instancesPerServer; i++)
            {
                targets.Add(($"hb-{s}", $"i{i}"));
            }
        }

        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (t, ct) => await client.RegisterAsync(t.McpId, t.InstanceId, 300, ct));

        // Warm up connections and code paths before measuring.
        await RunWorkersAsync(client, targets, connections, TimeSpan.FromSeconds(2), new LatencyRecorder());
        var latencies = new LatencyRecorder();
        var watch = Stopwatch.StartNew();
        var (accepted, failed) = await RunWorkersAsync(client, targets, connections, duration, latencies);
        var elapsed = watch.Elapsed.TotalSeconds;
        return $"heartbeats: {accepted / elapsed:N0}/s accepted over {connections} keep-alive connections for {elapsed:F1} s ({failed} failed); latency {latencies.Summary()}";
    }

    private static async Task<(long Accepted, long Failed)> RunWorkersAsync(
        RegistryClient client, List<(string McpId, string InstanceId)> targets, int workers, TimeSpan duration, LatencyRecorder latencies)
    {
        long accepted = 0;
        long failed = 0;
        using var stop = new CancellationTokenSource(duration);
        var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var index = w;
            while (!stop.IsCancellationRequested)
            {
                var (mcpId, instanceId) = targets[index % targets.Count];
                index += workers;
                var started = Stopwatch.GetTimestamp();
                var status = await client.HeartbeatAsync(mcpId, instanceId);
                if (status == HttpStatusCode.NoContent)
                {
                    Interlocked.Increment(ref accepted);
                    if ((index & 15) == 0)
                    {
                        latencies.Record(Stopwatch.GetElapsedTime(started));
                    }
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        await Task.WhenAll(tasks);
        return (accepted, failed);
    }
}
