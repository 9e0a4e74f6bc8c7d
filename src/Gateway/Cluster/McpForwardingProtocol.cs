using Microsoft.Net.Http.Headers;
using Router.Gateway.Mcp;

namespace Router.Gateway.Cluster;

/// <summary>
/// How a node hands an MCP request to the node holding its session, over the silo's internal port (HTTP/2 without
/// TLS): the public request's method, path and query under <see cref="PathPrefix"/>, the headers of
/// <see cref="ForwardedRequestHeaders"/>, the body as it streams in, and the caller the entry node authenticated in
/// <see cref="CallerHeader"/>.
/// </summary>
internal static class McpForwardingProtocol
{
    /// <summary>Prefixes the public path: <c>/internal/v1/mcp/v1/mcp/app/weather/mcp</c>.</summary>
    public const string PathPrefix = "/internal/v1/mcp";

    /// <summary>
    /// The name of the API key the entry node authenticated the request with (escaped as a URI data string). Trusted on
    /// the internal port only; the public endpoints never read it, and the entry node never copies it from the request.
    /// </summary>
    public const string CallerHeader = "Router-Caller";

    /// <summary>
    /// Set on the 503 of a node that does not serve now (fenced: it could not renew its cluster membership). The entry
    /// node answers that as it answers an unknown session.
    /// </summary>
    public const string OwnerUnavailableHeader = "Router-Owner-Unavailable";

    /// <summary>The request headers the owner needs besides the body's <c>Content-Type</c> and <c>Content-Length</c>.</summary>
    public static IReadOnlyList<string> ForwardedRequestHeaders { get; } =
        [HeaderNames.Accept, McpHttpProtocol.SessionId, McpHttpProtocol.ProtocolVersion, "Last-Event-ID"];

    /// <summary>Response headers the entry node does not copy: its own server sets them, or they describe one connection.</summary>
    public static IReadOnlySet<string> UncopiedResponseHeaders { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Connection, HeaderNames.KeepAlive, HeaderNames.TransferEncoding, HeaderNames.Upgrade, HeaderNames.ProxyConnection,
        HeaderNames.Trailer, HeaderNames.Server, HeaderNames.Date, OwnerUnavailableHeader,
    };
}
