namespace Router.Gateway.Tests.Cluster;

/// <summary>What a request of <see cref="ClusterLoad"/> did.</summary>
internal enum LoadKind
{
    /// <summary><c>POST /v1/servers/{mcpId}/instances</c>.</summary>
    Register,

    /// <summary><c>PUT …/heartbeat</c> of an acknowledged registration.</summary>
    Heartbeat,

    /// <summary><c>POST /v1/mcp/proxy/{mcpId}/tool/call</c> (echo) to a registered upstream.</summary>
    Call,
}
