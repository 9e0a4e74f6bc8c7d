namespace Router.Gateway.Registry;

/// <summary>One heartbeat of a batch.</summary>
internal sealed class BatchHeartbeatItem
{
    public string? McpId { get; set; }

    public string? InstanceId { get; set; }

    public HeartbeatRequest? Load { get; set; }
}
