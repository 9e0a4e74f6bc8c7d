namespace Router.Client.Http;

/// <summary>The body of <c>POST /v1/servers/{mcpId}/instances</c>.</summary>
internal sealed record RegisterInstanceRequest(
    string Version,
    string Endpoint,
    string Transport,
    string? InstanceId,
    int HeartbeatIntervalSeconds,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<ToolPayload> Tools);
