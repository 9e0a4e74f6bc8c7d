namespace Router.Gateway.Mcp;

/// <summary>Limits of the MCP agent endpoints (Streamable HTTP and legacy HTTP+SSE).</summary>
internal sealed class McpHostingOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Router:Mcp";

    /// <summary>
    /// How long a Streamable HTTP session may stay without a request in flight or an open stream before it is ended.
    /// Default 10 minutes.
    /// </summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How many sessions (Streamable HTTP and legacy SSE together) the node holds at once; a new one beyond it gets
    /// 503 with a JSON-RPC error. Default 10,000.
    /// </summary>
    public int MaxSessions { get; set; } = 10_000;

    /// <summary>The largest JSON-RPC request body accepted, in bytes; larger ones get 413. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
