namespace Router.Client.Http;

/// <summary>The optional body of <c>PUT …/heartbeat</c>: the reported load.</summary>
internal sealed record HeartbeatRequest(int InFlightCalls, int? MaxConcurrentCalls);
