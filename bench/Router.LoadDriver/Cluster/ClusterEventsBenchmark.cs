using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Router.LoadDriver.Registry;
using Router.Testing;

namespace Router.LoadDriver.Cluster;

/// <summary>
/// Registration on one node → its event at a subscriber on another node of the same cluster (DESIGN.md §9: p50 ≤ 5 ms,
/// p99 ≤ 25 ms). Starts a throwaway PostgreSQL and two node processes on it (all on 127.0.0.1), opens a subscriber on
/// each node, and registers instances on node A one after another; each latency runs from just before the registration
/// is sent to the arrival of its <c>instance.registered</c> frame. The subscriber on A gives the same-node figure of the
/// same run for comparison. Everything it started is stopped, and the database's directory deleted, when it ends.
/// </summary>
internal static class ClusterEventsBenchmark
{
    private const double P50TargetMilliseconds = 5;
    private const double P99TargetMilliseconds = 25;

    /// <summary>The most the whole mode may take; a hang fails the run instead of stalling it.</summary>
    private static readonly TimeSpan RunBound = TimeSpan.FromMinutes(5);

    public static async Task RunAsync(ClusterEventsArguments arguments)
    {
        using var bound = new CancellationTokenSource(RunBound);
        var cancellationToken = bound.Token;
        await using var postgres = await PostgresServer.StartNewAsync(cancellationToken);
        var connectionString = await postgres.CreateDatabaseAsync("cluster_events_bench", cancellationToken);
        await using var a = await NodeProcess.StartClusterMemberAsync(connectionString);
        await using var b = await NodeProcess.StartClusterMemberAsync(connectionString);
        await Console.Out.WriteLineAsync(
            $"cluster of 2 nodes on one PostgreSQL (127.0.0.1:{postgres.Port}): A {a.Url}, B {b.Url}; {Environment.ProcessorCount} cores");

        using var httpA = RegistryClient.CreateHttpClient(a.Url, 4);
        using var httpB = RegistryClient.CreateHttpClient(b.Url, 4);
        var registry = new RegistryClient(httpA);
        var head = await registry.HeadSequenceAsync(cancellationToken);
        var sent = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var onB = new Subscriber(new RegistryClient(httpB), sent);
        var onA = new Subscriber(new RegistryClient(httpA), sent);
        var total = arguments.WarmUp + arguments.Registrations;
        var listeningB = onB.ListenAsync(head, total, cancellationToken);
        var listeningA = onA.ListenAsync(head, total, cancellationToken);
        await Task.WhenAll(onB.Subscribed, onA.Subscribed);

        var answered = new LatencyRecorder();
        for (var i = 0; i < total; i++)
        {
            var measured = i >= arguments.WarmUp;
            var instanceId = measured ? $"r{i - arguments.WarmUp}" : $"w{i}";
            var start = Stopwatch.GetTimestamp();
            sent[instanceId] = start;
            await registry.RegisterAsync($"bench-{i % arguments.Servers}", instanceId, cancellationToken: cancellationToken);
            if (measured)
            {
                answered.Record(Stopwatch.GetElapsedTime(start));
            }
        }

        await Task.WhenAll(listeningB, listeningA);
        await Console.Out.WriteLineAsync(Report("registration on A → event at a subscriber on B", arguments, onB.Latencies, withTarget: true));
        await Console.Out.WriteLineAsync(Report("registration on A → event at a subscriber on A (same node, same run)", arguments, onA.Latencies, withTarget: false));
        await Console.Out.WriteLineAsync(Report("registration on A → its HTTP answer (state and event committed)", arguments, answered, withTarget: false));
    }

    private static string Report(string label, ClusterEventsArguments arguments, LatencyRecorder latencies, bool withTarget)
    {
        var (p50, p90, p99, max) = (latencies.Percentile(50), latencies.Percentile(90), latencies.Percentile(99), latencies.Percentile(100));
        var verdict = withTarget
            ? $" (target p50 ≤ {P50TargetMilliseconds:F0} ms, p99 ≤ {P99TargetMilliseconds:F0} ms: {(p50 <= P50TargetMilliseconds && p99 <= P99TargetMilliseconds ? "met" : "missed")})"
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{label}: n={latencies.Count} after {arguments.WarmUp} warm-up, {arguments.Servers} server ids, sequential; " +
            $"p50={p50:F2} ms, p90={p90:F2} ms, p99={p99:F2} ms, max={max:F2} ms{verdict}");
    }

    /// <summary>One SSE subscriber recording when each measured registration's event arrives.</summary>
    private sealed class Subscriber(RegistryClient client, ConcurrentDictionary<string, long> sent)
    {
        private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LatencyRecorder Latencies { get; } = new();

        public Task Subscribed => _subscribed.Task;

        /// <summary>Reads until <paramref name="expected"/> registrations have arrived, checking that nothing is skipped.</summary>
        public async Task ListenAsync(long after, int expected, CancellationToken cancellationToken)
        {
            var (response, reader) = await client.SubscribeAsync(after, cancellationToken);
            using (response)
            {
                _subscribed.TrySetResult();
                var next = after + 1;
                var seen = 0;
                while (seen < expected && await reader.ReadAsync(cancellationToken) is { } frame)
                {
                    var arrived = Stopwatch.GetTimestamp();
                    var parsed = RegistryClient.Parse(frame);
                    if (parsed.Sequence != next)
                    {
                        throw new InvalidOperationException($"expected event {next}, got {parsed.Sequence}");
                    }

                    next++;
                    if (parsed.Type != "instance.registered" || parsed.InstanceId is not { } instanceId)
                    {
                        continue;
                    }

                    seen++;
                    if (instanceId.StartsWith('r') && sent.TryGetValue(instanceId, out var at))
                    {
                        Latencies.Record(Stopwatch.GetElapsedTime(at, arrived));
                    }
                }

                if (seen < expected)
                {
                    throw new InvalidOperationException($"the feed ended after {seen} of {expected} registrations");
                }
            }
        }
    }
}
