using System.Text.Json.Serialization;

namespace Router.Gateway.Registry;

/// <summary>The outcome of one batch heartbeat: <c>204</c>, <c>404</c> (unknown), <c>400</c> (invalid, with <see cref="Error"/>) or <c>403</c>.</summary>
internal sealed record BatchHeartbeatResult(
    string? McpId,
    string? InstanceId,
    int Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);
