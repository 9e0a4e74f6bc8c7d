using ModelContextProtocol.Server;

namespace Router.Gateway.Mcp;

/// <summary>A session that is only its server options: nothing to observe and nothing to release.</summary>
internal sealed class FixedMcpServerSession(McpServerOptions options) : IMcpServerSession
{
    public McpServerOptions Options { get; } = options;

    public void Started(McpServer server)
    {
    }

    public ValueTask DisposeAsync() => default;
}
