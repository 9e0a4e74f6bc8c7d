using ModelContextProtocol.Server;

namespace Router.Gateway.Mcp;

/// <summary>
/// What an endpoint's server factory answers for one agent session (or one session-less request): the options its
/// <see cref="McpServer"/> is created with, a hook that hands over the running server (so the session can send
/// notifications and requests to the agent outside any request), and disposal when the session ends.
/// </summary>
internal interface IMcpServerSession : IAsyncDisposable
{
    /// <summary>The options the session's server is created with.</summary>
    McpServerOptions Options { get; }

    /// <summary>Called once, after the session's server was created and before it handles the first message.</summary>
    void Started(McpServer server);
}
