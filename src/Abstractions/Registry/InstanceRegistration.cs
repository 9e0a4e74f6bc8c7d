namespace Router.Abstractions.Registry;

/// <summary>A validated registration of one instance of an MCP server.</summary>
/// <param name="InstanceId">The instance id (the gateway generates one when the server gives none).</param>
/// <param name="Version">The server version.</param>
/// <param name="Endpoint">The absolute http(s) URL of its MCP endpoint.</param>
/// <param name="Transport">The transport of that endpoint.</param>
/// <param name="HeartbeatIntervalSeconds">The heartbeat interval, 1–300 seconds.</param>
/// <param name="Metadata">Free-form string metadata.</param>
/// <param name="Tools">The tools it advertises.</param>
public sealed record InstanceRegistration(
    string InstanceId,
    string Version,
    string Endpoint,
    McpTransport Transport,
    int HeartbeatIntervalSeconds,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<ToolDescriptor> Tools);
