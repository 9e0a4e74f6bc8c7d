using Router.Client;

namespace Router.Registrar;

/// <summary>The registrar's parsed, checked command line.</summary>
internal sealed record RegistrarArguments(
    Uri RouterUrl,
    string McpId,
    string Version,
    Uri Endpoint,
    McpRouterTransport Transport,
    McpRouterLeaseMode LeaseMode,
    TimeSpan? HeartbeatInterval,
    string? InstanceId,
    string? ApiKey,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<McpRouterTool> Tools)
{
    /// <summary>Copies the arguments onto the registration options; what was not given keeps its default.</summary>
    public void ApplyTo(McpRouterRegistrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.RouterUrl = RouterUrl;
        options.McpId = McpId;
        options.Version = Version;
        options.Endpoint = Endpoint;
        options.Transport = Transport;
        options.LeaseMode = LeaseMode;
        options.HeartbeatInterval = HeartbeatInterval ?? options.HeartbeatInterval;
        options.InstanceId = InstanceId;
        options.ApiKey = ApiKey;
        options.Metadata = new Dictionary<string, string>(Metadata, StringComparer.Ordinal);
        options.Tools = [.. Tools];
    }
}
