namespace Router.Gateway.Mcp;

/// <summary>
/// MCP's HTTP header names and protocol revisions, written out because the SDK keeps its own constants internal.
/// </summary>
internal static class McpHttpProtocol
{
    public const string SessionId = "Mcp-Session-Id";
    public const string ProtocolVersion = "MCP-Protocol-Version";

    /// <summary>The first revision without sessions: requests carry their own metadata and are served statelessly.</summary>
    public const string PerRequestMetadataVersion = "2026-07-28";

    /// <summary>The revisions the endpoints accept in <see cref="ProtocolVersion"/>.</summary>
    public static readonly IReadOnlySet<string> SupportedVersions = new HashSet<string>(StringComparer.Ordinal)
    {
        "2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", PerRequestMetadataVersion,
    };
}
