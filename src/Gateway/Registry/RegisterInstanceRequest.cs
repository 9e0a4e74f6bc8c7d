namespace Router.Gateway.Registry;

/// <summary>
/// The body of <c>POST /v1/servers/{mcpId}/instances</c> as sent. Every member is optional here so that a missing or
/// wrong field is reported by <see cref="RegistrationValidator"/>, naming it, rather than by the JSON reader.
/// </summary>
internal sealed class RegisterInstanceRequest
{
    public string? InstanceId { get; set; }

    public string? Version { get; set; }

    public string? Endpoint { get; set; }

    public string? Transport { get; set; }

    public int? HeartbeatIntervalSeconds { get; set; }

    public Dictionary<string, string?>? Metadata { get; set; }

    public List<ToolRequest?>? Tools { get; set; }
}
