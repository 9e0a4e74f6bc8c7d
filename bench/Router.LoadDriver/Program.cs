using Router.LoadDriver;
using Router.LoadDriver.Cluster;
using Router.LoadDriver.Registry;
using Router.LoadDriver.Routing;

// Usage: Router.LoadDriver startup   (process start → /health/ready, 7 runs, fresh SQLite data each)
//        Router.LoadDriver registry [--router <url>] [--storage sqlite|memory|postgres] [--duration <s>]
//        [--connections <n>] [--subscribers <n>] [--events <n>]
//        Router.LoadDriver routing [--upstream fixture|everything|both] [--calls <n>] [--concurrency <n>] [--rounds <n>]
//        [--phase <s>] [--protocol <version>]   (tools/call direct vs through a node it starts, same run, same client)
//        Router.LoadDriver cluster-routing [--concurrency <n>] [--phase <s>] [--rounds <n>]
//        (tools/call throughput through one node vs two nodes of a cluster on a throwaway PostgreSQL)
//        Router.LoadDriver cluster-events [--registrations <n>] [--warmup <n>] [--servers <n>]
//        (registration on node A → event at a subscriber on node B; starts its own PostgreSQL and two nodes)
//        Router.LoadDriver relay --target <url> --port <n>   (the routing mode's minimal HTTP relay, run as its own process)
// Without --router it starts a node from the Release build of src/Gateway on a free loopback port and stops it after.
if (args is ["relay", ..])
{
    return await HttpRelay.ServeAsync(args);
}

if (args is ["startup", ..])
{
    await Console.Out.WriteLineAsync(await StartupTime.RunAsync(runs: 7));
    return 0;
}

if (args is ["cluster-routing", .. var clusterArguments])
{
    // The routing mode's options (those that apply here), with its defaults.
    if (RoutingArguments.Parse(["routing", .. clusterArguments]) is not { } cluster)
    {
        await Console.Error.WriteLineAsync("usage: Router.LoadDriver cluster-routing [--concurrency <n>] [--rounds <n>] [--phase <s>]");
        return 2;
    }

    await ClusterRoutingBenchmark.RunAsync(cluster.Concurrency, cluster.PhaseSeconds, cluster.Rounds);
    return 0;
}

if (args is ["routing", ..])
{
    if (RoutingArguments.Parse(args) is not { } routing)
    {
        await Console.Error.WriteLineAsync(RoutingArguments.Usage);
        return 2;
    }

    await RoutingBenchmark.RunAsync(routing);
    return 0;
}

if (args is ["cluster-events", ..])
{
    if (ClusterEventsArguments.Parse(args) is not { } clusterEvents)
    {
        await Console.Error.WriteLineAsync(ClusterEventsArguments.Usage);
        return 2;
    }

    await ClusterEventsBenchmark.RunAsync(clusterEvents);
    return 0;
}

var options = Arguments.Parse(args);
if (options is null)
{
    await Console.Error.WriteLineAsync("usage: Router.LoadDriver registry [--router <url>] [--storage sqlite|memory] [--duration <s>] [--connections <n>] [--subscribers <n>] [--events <n>]");
    return 2;
}

NodeProcess? node = null;
try
{
    var router = options.Router;
    if (router is null)
    {
        node = await NodeProcess.StartAsync(options.Storage, []);
        router = node.Url;
    }

    await Console.Out.WriteLineAsync($"router {router} (storage {(options.Router is null ? options.Storage : "as configured")}), {Environment.ProcessorCount} cores");
    await Console.Out.WriteLineAsync(await HeartbeatThroughput.RunAsync(router, options.Connections, TimeSpan.FromSeconds(options.DurationSeconds)));
    await Console.Out.WriteLineAsync(await EventLatency.RegistrationToEventAsync(router, 500));
    await Console.Out.WriteLineAsync(await EventLatency.LeaseCloseToDisconnectedAsync(router, 200));
    await Console.Out.WriteLineAsync(await FanOut.RunAsync(router, options.Subscribers, options.Events, TimeSpan.FromMilliseconds(20)));
    return 0;
}
finally
{
    if (node is not null)
    {
        await node.DisposeAsync();
    }
}
