namespace Router.Gateway.Registry;

/// <summary>The answer to <c>POST /v1/heartbeats</c>: one result per item, in order.</summary>
internal sealed record BatchHeartbeatResponse(IReadOnlyList<BatchHeartbeatResult> Results);
