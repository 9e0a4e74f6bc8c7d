using System.Diagnostics;
using System.Globalization;
using ModelContextProtocol.Client;
using Router.LoadDriver.Registry;
using Router.Testing.McpPeers;

namespace Router.LoadDriver.Routing;

/// <summary>
/// <c>tools/call</c> straight to an upstream and through the router to the same upstream, in the same run with the same
/// client configuration: added latency at concurrency 1 and the throughput ratio under concurrent callers
/// (DESIGN.md §9: added p50 ≤ 150 µs, routed throughput ≥ 0.5 × direct). A third side goes through a minimal HTTP
/// relay (<see cref="HttpRelay"/>), the floor of an extra hop on the machine. Sides take turns so that machine noise
/// falls on all of them.
/// </summary>
internal static class RoutingBenchmark
{
    private const int WarmUpCalls = 500;

    /// <summary>
    /// How long both sides are warmed up before the sequential measurement: long enough for the JIT to reach its
    /// optimized tier in the driver, the node and the upstream (a few hundred calls leave much code at tier 0, which
    /// shows as a few hundred microseconds of noise between runs).
    /// </summary>
    private static readonly TimeSpan SequentialWarmUp = TimeSpan.FromSeconds(6);
    private const int SequentialBlocks = 12;
    private const double AddedP50TargetMicroseconds = 150;
    private const double ThroughputRatioTarget = 0.5;
    private static readonly TimeSpan WarmUpPhase = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RoutableTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The most the whole mode may take; a hang fails the run instead of stalling it. Both upstreams with three sides take
    /// about 4 minutes on a quiet machine; 5 minutes cut a run short on a slow one.
    /// </summary>
    private static readonly TimeSpan RunBound = TimeSpan.FromMinutes(10);

    public static async Task RunAsync(RoutingArguments arguments)
    {
        using var bound = new CancellationTokenSource(RunBound);
        var cancellationToken = bound.Token;
        await using var node = await NodeProcess.StartAsync(arguments.Storage, []);
        await Console.Out.WriteLineAsync(
            $"router {node.Url} (storage {arguments.Storage}), {Environment.ProcessorCount} cores; client protocol {arguments.ProtocolVersion ?? "default"}");
        using var http = RegistryClient.CreateHttpClient(node.Url, 4);
        var registry = new RegistryClient(http);

        if (arguments.Includes("fixture"))
        {
            await using var fixture = await McpFixtureServer.StartAsync(cancellationToken);
            await MeasureAsync("C# fixture (Router.McpFixture)", "bench-fixture", fixture.Endpoint, fixture.ProcessId, node, registry, arguments, cancellationToken);
        }

        if (arguments.Includes("everything"))
        {
            await using var everything = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp, cancellationToken);
            await MeasureAsync(
                "server-everything (streamableHttp, Node.js)", "bench-everything", everything.Endpoint, everything.ProcessId, node, registry, arguments, cancellationToken);
        }
    }

    private static async Task MeasureAsync(
        string label, string mcpId, Uri upstream, int upstreamProcessId, NodeProcess node, RegistryClient registry, RoutingArguments arguments, CancellationToken cancellationToken)
    {
        var router = node.Url;
        await using var registration = await UpstreamRegistration.RegisterAsync(registry, mcpId, upstream, cancellationToken);
        using var relay = await HttpRelay.StartAsync(upstream, cancellationToken);
        await using var direct = await ConnectAsync(upstream, arguments.ProtocolVersion, cancellationToken);
        await using var relayed = await ConnectAsync(relay.Endpoint, arguments.ProtocolVersion, cancellationToken);
        await using var routed = await ConnectRoutedAsync(new Uri(router, $"/v1/mcp/app/{mcpId}/mcp"), arguments.ProtocolVersion, cancellationToken);
        await Console.Out.WriteLineAsync(
            $"{label}: direct {upstream} (protocol {direct.NegotiatedProtocolVersion}), routed /v1/mcp/app/{mcpId}/mcp (protocol {routed.NegotiatedProtocolVersion}), relayed {relay.Endpoint}");

        foreach (var line in await SequentialAsync(direct, relayed, routed, arguments.Calls, cancellationToken))
        {
            await Console.Out.WriteLineAsync(line);
        }

        var cpu = new CpuMeter(upstreamProcessId, relay.ProcessId, node.ProcessId);
        foreach (var line in await ConcurrentAsync(direct, relayed, routed, cpu, arguments, cancellationToken))
        {
            await Console.Out.WriteLineAsync(line);
        }
    }

    /// <summary>
    /// Sequential calls on each side, in blocks whose order rotates: the router's figure against its target, then the
    /// minimal relay's (<see cref="HttpRelay"/>), which is what an extra hop costs on this machine whatever does the routing.
    /// </summary>
    private static async Task<string[]> SequentialAsync(McpClient direct, McpClient relayed, McpClient routed, int calls, CancellationToken cancellationToken)
    {
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < SequentialWarmUp)
        {
            await ToolCallLoad.SequentialAsync(direct, WarmUpCalls, new LatencyRecorder(), cancellationToken);
            await ToolCallLoad.SequentialAsync(relayed, WarmUpCalls, new LatencyRecorder(), cancellationToken);
            await ToolCallLoad.SequentialAsync(routed, WarmUpCalls, new LatencyRecorder(), cancellationToken);
        }

        Side[] sides = [new(direct), new(relayed), new(routed)];
        var perBlock = Math.Max(1, calls / SequentialBlocks);
        for (var block = 0; block < SequentialBlocks; block++)
        {
            // Rotate which side goes first, so a drift in machine load does not favour one.
            for (var turn = 0; turn < sides.Length; turn++)
            {
                var side = sides[(block + turn) % sides.Length];
                side.Failed += await ToolCallLoad.SequentialAsync(side.Client, perBlock, side.Latency, cancellationToken);
            }
        }

        var (directLatency, relayLatency, routedLatency) = (sides[0].Latency, sides[1].Latency, sides[2].Latency);
        var addedP50 = Micro(routedLatency.Percentile(50) - directLatency.Percentile(50));
        var addedP99 = Micro(routedLatency.Percentile(99) - directLatency.Percentile(99));
        var relayAddedP50 = Micro(relayLatency.Percentile(50) - directLatency.Percentile(50));
        return
        [
            string.Create(CultureInfo.InvariantCulture,
                $"  concurrency 1, {perBlock * SequentialBlocks} sequential calls each in {SequentialBlocks} rotating blocks: " +
                $"direct {Percentiles(directLatency)}; " +
                $"routed {Percentiles(routedLatency)}; " +
                $"added p50={addedP50:+0;-0} µs (target ≤ {AddedP50TargetMicroseconds:F0}: {(addedP50 <= AddedP50TargetMicroseconds ? "met" : "missed")}), " +
                $"added p99={addedP99:+0;-0} µs; failed {sides[0].Failed} direct, {sides[2].Failed} routed"),
            string.Create(CultureInfo.InvariantCulture,
                $"  the same calls through a minimal HTTP relay (no MCP, no routing: the floor of an extra hop on this machine): " +
                $"relayed {Percentiles(relayLatency)}; " +
                $"relay added p50={relayAddedP50:+0;-0} µs, added p99={Micro(relayLatency.Percentile(99) - directLatency.Percentile(99)):+0;-0} µs; " +
                $"the router's added p50 beyond the relay's: {addedP50 - relayAddedP50:+0;-0} µs; failed {sides[1].Failed} relayed"),
        ];
    }

    /// <summary>
    /// Concurrent callers on each side, in phases whose order rotates round by round: the router's throughput ratio
    /// against its target, then the relay's, the most an extra hop can keep on this machine.
    /// </summary>
    private static async Task<string[]> ConcurrentAsync(
        McpClient direct, McpClient relayed, McpClient routed, CpuMeter cpu, RoutingArguments arguments, CancellationToken cancellationToken)
    {
        var workers = arguments.Concurrency;
        (McpClient Client, LoadTotals Totals)[] sides = [(direct, new LoadTotals()), (relayed, new LoadTotals()), (routed, new LoadTotals())];
        foreach (var (client, _) in sides)
        {
            await ToolCallLoad.ConcurrentAsync(client, workers, WarmUpPhase, new LatencyRecorder(), cancellationToken);
        }

        var phase = TimeSpan.FromSeconds(arguments.PhaseSeconds);
        for (var round = 0; round < arguments.Rounds; round++)
        {
            for (var turn = 0; turn < sides.Length; turn++)
            {
                var (client, totals) = sides[(round + turn) % sides.Length];
                var before = cpu.Read();
                var calls = await ToolCallLoad.ConcurrentAsync(client, workers, phase, totals.Latencies, cancellationToken);
                totals.Add(calls, cpu.Read() - before);
            }
        }

        var (directSide, relaySide, routedSide) = (sides[0].Totals, sides[1].Totals, sides[2].Totals);
        var ratio = routedSide.PerSecond / directSide.PerSecond;
        return
        [
            string.Create(CultureInfo.InvariantCulture,
                $"  concurrency {workers}, {arguments.Rounds} x {arguments.PhaseSeconds} s each, rotating: " +
                $"direct {directSide.PerSecond:N0} calls/s ({Percentiles(directSide.Latencies)}); " +
                $"routed {routedSide.PerSecond:N0} calls/s ({Percentiles(routedSide.Latencies)}); " +
                $"ratio routed/direct {ratio:F2} (target ≥ {ThroughputRatioTarget:F1}: {(ratio >= ThroughputRatioTarget ? "met" : "missed")}); " +
                $"failed {directSide.Failed} direct, {routedSide.Failed} routed"),
            string.Create(CultureInfo.InvariantCulture,
                $"  the same load through the minimal HTTP relay: relayed {relaySide.PerSecond:N0} calls/s " +
                $"({Percentiles(relaySide.Latencies)}); " +
                $"ratio relayed/direct {relaySide.PerSecond / directSide.PerSecond:F2}; failed {relaySide.Failed} relayed"),
            string.Create(CultureInfo.InvariantCulture,
                $"  CPU per call in those phases (driver + upstream + relay + router node): " +
                $"direct {CpuPerCall(directSide)}; relayed {CpuPerCall(relaySide)}; routed {CpuPerCall(routedSide)}"),
        ];
    }

    /// <summary>Each process's CPU microseconds per call of one side, and their sum: what the machine pays for a call.</summary>
    private static string CpuPerCall(LoadTotals side) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{side.PerCall(side.Cpu.Driver):F0} + {side.PerCall(side.Cpu.Upstream):F0} + {side.PerCall(side.Cpu.Relay):F0} + {side.PerCall(side.Cpu.Node):F0} = {side.PerCall(side.Cpu.Total):F0} µs");

    private static async Task<McpClient> ConnectAsync(Uri endpoint, string? protocolVersion, CancellationToken cancellationToken)
    {
        // Identical for both sides: the transport's own HttpClient (default SocketsHttpHandler, unlimited connections).
        var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = HttpTransportMode.StreamableHttp });
        return await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion }, cancellationToken: cancellationToken);
    }

    /// <summary>Connects through the router once the registration has reached it and a call goes through.</summary>
    internal static async Task<McpClient> ConnectRoutedAsync(Uri endpoint, string? protocolVersion, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(RoutableTimeout);
        Exception? last = null;
        while (!deadline.IsCancellationRequested)
        {
            McpClient? client = null;
            try
            {
                client = await ConnectAsync(endpoint, protocolVersion, deadline.Token);
                await ToolCallLoad.CallAsync(client, deadline.Token);
                return client;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                last = e;
                if (client is not null)
                {
                    await client.DisposeAsync();
                }

                await Task.Delay(100, CancellationToken.None);
            }
        }

        throw new TimeoutException($"{endpoint} did not route a call within {RoutableTimeout.TotalSeconds:0} s: {last?.Message}", last);
    }

    private static double Micro(double milliseconds) => milliseconds * 1000;

    private static string Percentiles(LatencyRecorder latencies) =>
        string.Create(CultureInfo.InvariantCulture, $"p50={Micro(latencies.Percentile(50)):F0} µs, p99={Micro(latencies.Percentile(99)):F0} µs");

    /// <summary>One side of the sequential comparison: its client, the latencies of its calls and how many failed.</summary>
    private sealed class Side(McpClient client)
    {
        public McpClient Client { get; } = client;

        public LatencyRecorder Latency { get; } = new();

        public int Failed { get; set; }
    }
}
