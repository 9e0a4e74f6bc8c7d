namespace Router.Gateway.Registry;

/// <summary>The body of <c>POST /v1/heartbeats</c>.</summary>
internal sealed class BatchHeartbeatRequest
{
    public List<BatchHeartbeatItem?>? Heartbeats { get; set; }
}
