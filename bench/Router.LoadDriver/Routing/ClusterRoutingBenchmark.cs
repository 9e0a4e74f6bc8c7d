using System.Globalization;
using ModelContextProtocol.Client;
using Router.LoadDriver.Registry;
using Router.Testing;
using Router.Testing.McpPeers;

namespace Router.LoadDriver.Routing;

/// <summary>
/// Routed <c>tools/call</c> throughput of one node against two nodes of a cluster. It starts a throwaway PostgreSQL,
/// two nodes on it and the C# fixture upstream, registered through node 1. Then it alternates two phases with the same
/// two agent sessions' worth of load: "one node" runs both sessions on node 1; "two nodes" runs one session on each
/// node, as a load balancer without affinity would spread them. Both nodes run throughout, so the phases differ only in
/// where the calls go.
/// </summary>
internal static class ClusterRoutingBenchmark
{
    private const string McpId = "bench-cluster";
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan RunBound = TimeSpan.FromMinutes(5);

    public static async Task RunAsync(int workers, int phaseSeconds, int rounds)
    {
        using var bound = new CancellationTokenSource(RunBound);
        var cancellationToken = bound.Token;
        await using var postgres = await PostgresServer.StartNewAsync(cancellationToken);
        var database = await postgres.CreateDatabaseAsync("bench_cluster", cancellationToken);
        await using var node1 = await NodeProcess.StartClusterMemberAsync(database);
        await using var node2 = await NodeProcess.StartClusterMemberAsync(database);
        await using var fixture = await McpFixtureServer.StartAsync(cancellationToken);
        using var http = RegistryClient.CreateHttpClient(node1.Url, 4);
        await using var registration = await UpstreamRegistration.RegisterAsync(new RegistryClient(http), McpId, fixture.Endpoint, cancellationToken);
        await using var first = await RoutingBenchmark.ConnectRoutedAsync(Endpoint(node1), protocolVersion: null, cancellationToken);
        await using var second = await RoutingBenchmark.ConnectRoutedAsync(Endpoint(node1), protocolVersion: null, cancellationToken);
        await using var other = await RoutingBenchmark.ConnectRoutedAsync(Endpoint(node2), protocolVersion: null, cancellationToken);
        await Console.Out.WriteLineAsync(
            $"two nodes {node1.Url} and {node2.Url} on PostgreSQL, C# fixture upstream registered through node 1; {Environment.ProcessorCount} cores; " +
            $"{workers} callers in all, half per session");

        var perSession = Math.Max(1, workers / 2);
        await PhaseAsync(first, second, perSession, WarmUp, new LatencyRecorder(), cancellationToken);
        await PhaseAsync(first, other, perSession, WarmUp, new LatencyRecorder(), cancellationToken);
        var one = new LoadTotals();
        var two = new LoadTotals();
        var phase = TimeSpan.FromSeconds(phaseSeconds);
        for (var round = 0; round < rounds; round++)
        {
            one.Add(await PhaseAsync(first, second, perSession, phase, one.Latencies, cancellationToken));
            two.Add(await PhaseAsync(first, other, perSession, phase, two.Latencies, cancellationToken));
        }

        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  {rounds} x {phaseSeconds} s each, alternating: one node {one.PerSecond:N0} calls/s (p50={one.Latencies.Percentile(50) * 1000:F0} µs, " +
            $"p99={one.Latencies.Percentile(99) * 1000:F0} µs, failed {one.Failed}); two nodes {two.PerSecond:N0} calls/s " +
            $"(p50={two.Latencies.Percentile(50) * 1000:F0} µs, p99={two.Latencies.Percentile(99) * 1000:F0} µs, failed {two.Failed}); " +
            $"ratio two/one {two.PerSecond / one.PerSecond:F2}"));
    }

    private static Uri Endpoint(NodeProcess node) => new(node.Url, $"/v1/mcp/app/{McpId}/mcp");

    /// <summary>Both sessions under load at once for <paramref name="duration"/>.</summary>
    private static async Task<(long Completed, long Failed, TimeSpan Elapsed)> PhaseAsync(
        McpClient a, McpClient b, int workersEach, TimeSpan duration, LatencyRecorder latencies, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(
            ToolCallLoad.ConcurrentAsync(a, workersEach, duration, latencies, cancellationToken),
            ToolCallLoad.ConcurrentAsync(b, workersEach, duration, latencies, cancellationToken));
        return (results.Sum(r => r.Completed), results.Sum(r => r.Failed), results.Max(r => r.Elapsed));
    }
}
