using ModelContextProtocol.Server;

namespace Router.Gateway.Mcp;

/// <summary>
/// One legacy HTTP+SSE session: it lives as long as its GET stream. <paramref name="MessageRouteValues"/> are the route
/// values its message endpoint was announced with; messages posted anywhere else do not reach it, nor do messages from
/// an identity other than <paramref name="Owner"/>, the one that opened the stream (<see cref="McpSessionOwner"/>).
/// </summary>
internal sealed record McpSseSession(
    SseResponseStreamTransport Transport, IReadOnlyDictionary<string, string> MessageRouteValues, string? Owner);
