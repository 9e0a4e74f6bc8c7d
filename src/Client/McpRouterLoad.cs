namespace Router.Client;

/// <summary>The load a server reports with each heartbeat.</summary>
/// <param name="InFlightCalls">The tool calls the server is serving now.</param>
/// <param name="MaxConcurrentCalls">How many calls it can serve at once, when it has a limit; otherwise null.</param>
public readonly record struct McpRouterLoad(int InFlightCalls, int? MaxConcurrentCalls = null);
