namespace Router.Abstractions.Registry;

/// <summary>The load an instance reports with its heartbeat.</summary>
/// <param name="InFlightCalls">Calls it is serving now.</param>
/// <param name="MaxConcurrentCalls">Calls it can serve at once, when it has a limit.</param>
public sealed record InstanceLoad(int InFlightCalls, int? MaxConcurrentCalls);
