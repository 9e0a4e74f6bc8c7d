using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Router.Gateway.Security;

namespace Router.Gateway.Mcp;

/// <summary>
/// Binds sessions to the credentials that opened them: the name of the <see cref="ApiKeyIdentity"/> the access filter
/// left in the request's features, or null when the endpoint has none. A session answers only requests of the same
/// identity; any other is told the session does not exist, so a leaked or guessed session id is worth nothing to
/// another key, and whether the session exists is not revealed.
/// </summary>
internal static class McpSessionOwner
{
    /// <summary>Who the request acts as, for binding a new session or checking an existing one.</summary>
    public static string? Of(HttpContext context) => context.Features.Get<ApiKeyIdentity>()?.Name;

    /// <summary>True when the request acts as <paramref name="owner"/>; a mismatch is logged.</summary>
    public static bool Matches(HttpContext context, string sessionId, string? owner, ILogger logger)
    {
        var caller = Of(context);
        if (string.Equals(owner, caller, StringComparison.Ordinal))
        {
            return true;
        }

        McpLog.SessionOwnerMismatch(logger, context.Request.Method, McpHttpResponses.PathOf(context), sessionId, owner, caller);
        return false;
    }
}
