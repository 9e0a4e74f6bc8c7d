using Router.Abstractions.Registry;

namespace Router.Abstractions.Routing;

/// <summary>
/// Node-local: the registry's instances as this node's routing table holds them — a snapshot of the persisted registry
/// followed by the event log after it — so that routing reads no registry grain, which in a cluster may live on another
/// node (or, before the grain directory, be a stale copy of the one on another node).
/// </summary>
public interface IMcpRoutingTable
{
    /// <summary>
    /// The instances of <paramref name="mcpId"/> in every state, ordered by id, as of the last event this node applied;
    /// empty when it has none.
    /// </summary>
    IReadOnlyList<InstanceView> InstancesOf(string mcpId);
}
