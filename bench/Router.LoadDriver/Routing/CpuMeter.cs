namespace Router.LoadDriver.Routing;

/// <summary>
/// Reads the CPU time of the four processes a routing comparison runs (<see cref="ProcessCpu"/>): the driver, the
/// upstream, the relay and the router node. Per call, it says what each side costs the machine, which on shared cores
/// decides the throughput ratio and varies far less from run to run than throughput does.
/// </summary>
internal sealed class CpuMeter(int upstreamId, int relayId, int nodeId)
{
    public CpuSample Read()
    {
        var trees = ProcessCpu.OfTrees(upstreamId, relayId, nodeId);
        return new(ProcessCpu.OfSelf(), trees[0], trees[1], trees[2]);
    }
}

/// <summary>CPU time of the driver, the upstream, the relay and the router node.</summary>
internal readonly record struct CpuSample(TimeSpan Driver, TimeSpan Upstream, TimeSpan Relay, TimeSpan Node)
{
    public TimeSpan Total => Driver + Upstream + Relay + Node;

    public static CpuSample operator +(CpuSample x, CpuSample y) =>
        new(x.Driver + y.Driver, x.Upstream + y.Upstream, x.Relay + y.Relay, x.Node + y.Node);

    public static CpuSample operator -(CpuSample x, CpuSample y) =>
        new(x.Driver - y.Driver, x.Upstream - y.Upstream, x.Relay - y.Relay, x.Node - y.Node);
}
