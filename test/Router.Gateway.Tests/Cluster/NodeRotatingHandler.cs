using System.Collections.Concurrent;
using System.Net;

namespace Router.Gateway.Tests.Cluster;

/// <summary>
/// A load balancer without affinity, inside an agent's <see cref="HttpClient"/>: each request goes to the next node in
/// turn (its authority rewritten), or to <see cref="PinnedTo"/> when set. Records where each request went and what it got.
/// </summary>
internal sealed class NodeRotatingHandler(IReadOnlyList<Uri> nodes) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _next = -1;

    /// <summary>When set, every request goes to this node.</summary>
    public int? PinnedTo { get; set; }

    /// <summary>Every request: its method, the node it went to, whether it named a session, and the status it got.</summary>
    public ConcurrentQueue<(HttpMethod Method, int Node, bool InSession, HttpStatusCode Status)> Sent { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var node = PinnedTo ?? (int)((uint)Interlocked.Increment(ref _next) % (uint)nodes.Count);
        request.RequestUri = new UriBuilder(request.RequestUri!) { Host = nodes[node].Host, Port = nodes[node].Port }.Uri;
        var response = await base.SendAsync(request, cancellationToken);
        Sent.Enqueue((request.Method, node, request.Headers.Contains("Mcp-Session-Id") || request.RequestUri.Query.Contains("sessionId=", StringComparison.Ordinal), response.StatusCode));
        return response;
    }
}
