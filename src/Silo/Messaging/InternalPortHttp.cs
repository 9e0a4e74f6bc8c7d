using System.Net;

namespace Router.Silo.Messaging;

/// <summary>The HTTP client a node uses to reach other nodes' internal ports (grain calls, forwarded MCP session requests).</summary>
public static class InternalPortHttp
{
    /// <summary>
    /// HTTP/2 over plain TCP (h2c), several connections when streams run out. Connecting gives up after 5 s, and pings
    /// find a node that vanished without closing its connections (a quiet event stream, a long grain call). No
    /// redirects, no cookies, no client-side timeout: each call brings its own deadline.
    /// </summary>
    public static HttpClient CreateClient() =>
        new(new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(15),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            AllowAutoRedirect = false,
            UseCookies = false,
        })
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Timeout.InfiniteTimeSpan,
        };
}
