using System.Diagnostics;
using ModelContextProtocol.Client;

namespace Router.LoadDriver.Routing;

/// <summary><c>tools/call echo</c> driven through one <see cref="McpClient"/>, sequentially or by concurrent workers.</summary>
internal static class ToolCallLoad
{
    public const string Tool = "echo";

    private static readonly IReadOnlyDictionary<string, object?> Arguments = new Dictionary<string, object?> { ["message"] = "bench" };

    /// <summary>One call; throws when the call fails or returns a tool error.</summary>
    public static async Task CallAsync(McpClient client, CancellationToken cancellationToken)
    {
        var result = await client.CallToolAsync(Tool, Arguments, cancellationToken: cancellationToken);
        if (result.IsError == true)
        {
            throw new InvalidOperationException($"{Tool} returned a tool error");
        }
    }

    /// <summary><paramref name="calls"/> calls one after the other; returns how many failed.</summary>
    public static async Task<int> SequentialAsync(McpClient client, int calls, LatencyRecorder latencies, CancellationToken cancellationToken)
    {
        var failed = 0;
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await CallAsync(client, cancellationToken);
                latencies.Record(Stopwatch.GetElapsedTime(started));
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failed++;
            }
        }

        return failed;
    }

    /// <summary><paramref name="workers"/> callers in a loop for <paramref name="duration"/>; returns the calls completed and failed.</summary>
    public static async Task<(long Completed, long Failed, TimeSpan Elapsed)> ConcurrentAsync(
        McpClient client, int workers, TimeSpan duration, LatencyRecorder latencies, CancellationToken cancellationToken)
    {
        long completed = 0;
        long failed = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(duration);
        var watch = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    // Not the stop token: a call in flight at the end completes (and counts) rather than being cancelled.
                    await CallAsync(client, cancellationToken);
                    latencies.Record(Stopwatch.GetElapsedTime(started));
                    Interlocked.Increment(ref completed);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }, CancellationToken.None));
        await Task.WhenAll(tasks);
        return (completed, failed, watch.Elapsed);
    }
}
