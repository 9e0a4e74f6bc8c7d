namespace Router.Gateway.Registry;

/// <summary>The optional body of a heartbeat, and the <c>load</c> of a batch heartbeat item: the load the instance reports.</summary>
internal sealed class HeartbeatRequest
{
    public int? InFlightCalls { get; set; }

    public int? MaxConcurrentCalls { get; set; }
}
