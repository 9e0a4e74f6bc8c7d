namespace Router.Grains.Upstream;

/// <summary>A snapshot of one replica in an <see cref="UpstreamPool"/>: load, totals and circuit.</summary>
/// <param name="InstanceId">The replica's instance id.</param>
/// <param name="Outstanding">Calls in flight on it now (connecting included).</param>
/// <param name="Started">Calls it was chosen for since it joined the pool.</param>
/// <param name="Failures">Of those, how many failed (connect failures, timeouts, broken sessions).</param>
/// <param name="Circuit">Its circuit breaker's state.</param>
internal readonly record struct UpstreamReplicaStatus(string InstanceId, int Outstanding, long Started, long Failures, CircuitState Circuit);
