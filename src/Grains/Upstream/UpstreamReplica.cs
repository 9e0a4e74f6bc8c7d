namespace Router.Grains.Upstream;

/// <summary>One replica of an MCP server: the registry's instance id, its MCP endpoint and the transport it serves.</summary>
internal sealed record UpstreamReplica(string InstanceId, Uri Endpoint, UpstreamTransport Transport);
