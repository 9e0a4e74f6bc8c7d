using Microsoft.AspNetCore.Http;

namespace Router.Gateway.Mcp;

/// <summary>Where a server factory is asked for a server: the request that opens it and the session it will serve.</summary>
/// <param name="HttpContext">The request that opens the session (initialize, the SSE stream) or the session-less request.</param>
/// <param name="SessionId">The new session's id; null for a session-less (2026-07-28) request.</param>
internal readonly record struct McpServerSessionContext(HttpContext HttpContext, string? SessionId);
