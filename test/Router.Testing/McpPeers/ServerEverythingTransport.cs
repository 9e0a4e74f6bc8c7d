namespace Router.Testing.McpPeers;

/// <summary>The HTTP transports <see cref="ServerEverything"/> can serve.</summary>
public enum ServerEverythingTransport
{
    /// <summary>Streamable HTTP (MCP 2025-03-26 and later) at <c>/mcp</c>.</summary>
    StreamableHttp,

    /// <summary>The deprecated HTTP+SSE transport (MCP 2024-11-05): <c>GET /sse</c>, then <c>POST /message</c>.</summary>
    Sse,
}
