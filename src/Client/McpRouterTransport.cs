namespace Router.Client;

/// <summary>The MCP transport a server's endpoint speaks, as announced to the router.</summary>
public enum McpRouterTransport
{
    /// <summary>Streamable HTTP (<c>streamable-http</c>): one endpoint taking POST, and GET/DELETE for sessions.</summary>
    StreamableHttp,

    /// <summary>The legacy HTTP+SSE transport (<c>sse</c>): a GET event stream plus a message endpoint.</summary>
    Sse,
}
