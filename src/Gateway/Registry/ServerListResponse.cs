using Router.Abstractions.Registry;

namespace Router.Gateway.Registry;

/// <summary>The answer to <c>GET /v1/servers</c>.</summary>
internal sealed record ServerListResponse(IReadOnlyList<ServerView> Servers);
