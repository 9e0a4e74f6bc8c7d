namespace Router.Grains.Upstream;

/// <summary>The HTTP transport a replica serves MCP over.</summary>
internal enum UpstreamTransport
{
    /// <summary>Streamable HTTP (MCP 2025-03-26 and later).</summary>
    StreamableHttp,

    /// <summary>The deprecated HTTP+SSE transport (MCP 2024-11-05).</summary>
    Sse,
}
