namespace Router.Gateway.Mcp;

/// <summary>
/// Marks a request another node forwarded here because this node holds its session (a request feature). The entry node
/// checked its Origin and Host and authenticated it; its caller is in the request's <see cref="Security.ApiKeyIdentity"/>
/// feature. It is never forwarded again: if this node does not hold the session, it does not exist.
/// </summary>
internal sealed class McpForwardedRequest
{
    public static McpForwardedRequest Instance { get; } = new();

    private McpForwardedRequest()
    {
    }
}
