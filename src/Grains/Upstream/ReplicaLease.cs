namespace Router.Grains.Upstream;

/// <summary>One call's hold on a replica chosen by <see cref="UpstreamPool"/>; the pool ends it with the call's outcome.</summary>
/// <param name="Connection">The chosen replica.</param>
/// <param name="IsProbe">Whether the call is its circuit's half-open probe.</param>
internal readonly record struct ReplicaLease(ReplicaConnection Connection, bool IsProbe);
