using System.Text.Json.Serialization;

namespace Router.Abstractions.Registry;

/// <summary>How the router reaches an instance's MCP endpoint.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<McpTransport>))]
public enum McpTransport
{
    /// <summary>Streamable HTTP (MCP 2025-03-26 and later).</summary>
    [JsonStringEnumMemberName("streamable-http")]
    StreamableHttp,

    /// <summary>The legacy HTTP+SSE transport (MCP 2024-11-05).</summary>
    [JsonStringEnumMemberName("sse")]
    Sse,
}
