using Microsoft.AspNetCore.Http;

namespace Router.Gateway.Mcp;

/// <summary>
/// Names the sessions this node opens and finds the ones it does not hold. A node on its own
/// (<see cref="LocalMcpSessionLocator"/>) holds every session it knows; a cluster node's session ids name their node,
/// and a request for another node's session is answered by that node (<c>Router.Gateway.Cluster.McpSessionForwarder</c>).
/// </summary>
internal interface IMcpSessionLocator
{
    /// <summary>A new, unguessable id for a session this node opens (visible ASCII, as MCP requires).</summary>
    string NewSessionId();

    /// <summary>
    /// Called for a request naming <paramref name="sessionId"/>, which this node does not hold. Hands the request to the
    /// node holding it and answers with that node's response; returns false, having written nothing, when no other live
    /// node holds it (the caller then answers as for an unknown session).
    /// </summary>
    ValueTask<bool> TryForwardAsync(HttpContext context, string sessionId);
}
