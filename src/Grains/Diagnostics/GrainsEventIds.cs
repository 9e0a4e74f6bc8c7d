using Microsoft.Extensions.Logging;

namespace Router.Grains.Diagnostics;

/// <summary>Every event id the grains log with, in one list (range 2000–2999).</summary>
internal static class GrainsEventIds
{
    public static readonly EventId InstanceRegistered = new(2000, nameof(InstanceRegistered));
    public static readonly EventId InstanceRemoved = new(2001, nameof(InstanceRemoved));
    public static readonly EventId InstanceStatusChanged = new(2002, nameof(InstanceStatusChanged));
    public static readonly EventId RegistryRecovered = new(2003, nameof(RegistryRecovered));
    public static readonly EventId UpstreamConnected = new(2100, nameof(UpstreamConnected));
    public static readonly EventId UpstreamConnectFailed = new(2101, nameof(UpstreamConnectFailed));
    public static readonly EventId UpstreamCircuitOpened = new(2102, nameof(UpstreamCircuitOpened));
    public static readonly EventId UpstreamCircuitClosed = new(2103, nameof(UpstreamCircuitClosed));
    public static readonly EventId UpstreamCallTimedOut = new(2104, nameof(UpstreamCallTimedOut));
    public static readonly EventId UpstreamCallFailed = new(2105, nameof(UpstreamCallFailed));
    public static readonly EventId UpstreamSessionReset = new(2106, nameof(UpstreamSessionReset));
    public static readonly EventId UpstreamReplicaAdded = new(2107, nameof(UpstreamReplicaAdded));
    public static readonly EventId UpstreamReplicaRemoved = new(2108, nameof(UpstreamReplicaRemoved));
    public static readonly EventId McpInstanceActivated = new(2200, nameof(McpInstanceActivated));
    public static readonly EventId McpInstanceReplicasRefreshed = new(2201, nameof(McpInstanceReplicasRefreshed));
    public static readonly EventId McpInstanceCallFailed = new(2202, nameof(McpInstanceCallFailed));
    public static readonly EventId McpInstanceRefreshFailed = new(2203, nameof(McpInstanceRefreshFailed));
    public static readonly EventId McpInstancePublishFailed = new(2204, nameof(McpInstancePublishFailed));
    public static readonly EventId McpInstanceOwnSessionOpened = new(2205, nameof(McpInstanceOwnSessionOpened));
    public static readonly EventId McpInstanceRelayFailed = new(2206, nameof(McpInstanceRelayFailed));
    public static readonly EventId McpInstanceReportFailed = new(2207, nameof(McpInstanceReportFailed));
}
