namespace Router.Gateway.Mcp;

/// <summary>Why a Streamable HTTP session ended.</summary>
internal enum McpSessionEndReason
{
    Deleted,
    IdleTimeout,
    Shutdown,
}
