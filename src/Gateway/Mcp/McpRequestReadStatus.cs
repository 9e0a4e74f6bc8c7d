namespace Router.Gateway.Mcp;

/// <summary>How reading a JSON-RPC message from a request body went.</summary>
internal enum McpRequestReadStatus
{
    Read,
    UnsupportedMediaType,
    TooLarge,
    Malformed,
    NotAMessage,
    UnsupportedProtocolVersion,
}
