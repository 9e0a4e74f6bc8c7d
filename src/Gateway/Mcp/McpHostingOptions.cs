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

    /// <summary>
    /// Browser origins (exact, <c>scheme://host[:port]</c>, e.g. <c>https://app.example.com</c>) allowed to call the
    /// endpoints besides loopback ones (<c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>, any port). A request with any
    /// other <c>Origin</c> gets 403; requests without one (agents) are not affected. Default none.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Host names (no port) a request arriving on a loopback connection may name besides loopback ones; any other
    /// <c>Host</c> there gets 403, which defeats DNS rebinding against a local node. Default none.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];
}
