using Microsoft.AspNetCore.Http;

namespace Router.Gateway.Mcp;

/// <summary>A node on its own: plain random session ids, and a session it does not hold exists nowhere.</summary>
internal sealed class LocalMcpSessionLocator : IMcpSessionLocator
{
    public string NewSessionId() => McpHttpResponses.NewSessionId();

    public ValueTask<bool> TryForwardAsync(HttpContext context, string sessionId) => ValueTask.FromResult(false);
}
