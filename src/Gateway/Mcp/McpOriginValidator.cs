using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Router.Gateway.Security;

namespace Router.Gateway.Mcp;

/// <summary>
/// Guards the MCP endpoints against DNS rebinding and cross-site use from browsers. A request that carries an
/// <c>Origin</c> must come from a loopback origin or one listed in <see cref="McpHostingOptions.AllowedOrigins"/>; a
/// request that arrived on a loopback connection must name a loopback host or one listed in
/// <see cref="McpHostingOptions.AllowedHosts"/> (a rebound name reaches the local node with the attacker's name as its
/// Host). Requests without an <c>Origin</c> (agents, not browsers) are not asked for one. Refusals get 403 with a
/// JSON-RPC error.
/// </summary>
internal sealed class McpOriginValidator
{
    private readonly IOptions<McpHostingOptions> _options;
    private readonly ILogger<McpOriginValidator> _logger;
    private readonly Lazy<(IReadOnlySet<string> Origins, IReadOnlySet<string> Hosts)> _allowed;

    public McpOriginValidator(IOptions<McpHostingOptions> options, ILogger<McpOriginValidator> logger)
    {
        _options = options;
        _logger = logger;

        // Read on first use, not when the endpoints are mapped: a bad setting is reported by start-up validation. Entries
        // that do not normalize are left out; validation has already named them.
        _allowed = new(() =>
        (
            (_options.Value.AllowedOrigins ?? []).Select(NormalizeOrigin).OfType<string>().ToHashSet(StringComparer.Ordinal),
            (_options.Value.AllowedHosts ?? []).Select(NormalizeHost).OfType<string>().ToHashSet(StringComparer.Ordinal)));
    }

    /// <summary>
    /// True when the request may proceed; otherwise the 403 is written and logged. A request another node forwarded
    /// (<see cref="McpForwardedRequest"/>) was checked there, against the Origin and Host it came with.
    /// </summary>
    public async ValueTask<bool> CheckAsync(HttpContext context)
    {
        if (context.Features.Get<McpForwardedRequest>() is not null)
        {
            return true;
        }

        var (allowedOrigins, allowedHosts) = _allowed.Value;
        var origin = context.Request.Headers[HeaderNames.Origin].ToString();
        if (origin.Length > 0 && !IsAllowedOrigin(origin, allowedOrigins))
        {
            McpLog.OriginRejected(_logger, context.Request.Method, McpHttpResponses.PathOf(context), origin);
            await McpJsonRpcErrors.WriteAsync(context, StatusCodes.Status403Forbidden, McpJsonRpcErrors.ServerErrorCode,
                "The request's Origin may not use this MCP endpoint.");
            return false;
        }

        if (context.Connection.LocalIpAddress is { } local && LoopbackAddresses.IsLoopback(local) && !IsAllowedHost(context.Request.Host, allowedHosts))
        {
            McpLog.HostRejected(_logger, context.Request.Method, McpHttpResponses.PathOf(context), context.Request.Host.Value ?? string.Empty);
            await McpJsonRpcErrors.WriteAsync(context, StatusCodes.Status403Forbidden, McpJsonRpcErrors.ServerErrorCode,
                "The request's Host may not use this MCP endpoint.");
            return false;
        }

        return true;
    }

    /// <summary>
    /// The serialized form of an origin (<c>scheme://host[:port]</c>, lower case, default port dropped), or null when
    /// <paramref name="value"/> is not a bare http/https origin: no user info, path (not even <c>/</c>), query or fragment.
    /// </summary>
    public static string? NormalizeOrigin(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)
            || value.EndsWith('/')
            || !Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.UserInfo.Length > 0
            || uri.PathAndQuery != "/"
            || uri.Fragment.Length > 0)
        {
            return null;
        }

        return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }

    /// <summary>
    /// The form a configured or presented host name is compared in (lower case, IPv6 without brackets), or null when
    /// <paramref name="value"/> is not a host name or IP address.
    /// </summary>
    public static string? NormalizeHost(string? value)
    {
        var host = value?.Trim().TrimStart('[').TrimEnd(']');
        return string.IsNullOrEmpty(host) || Uri.CheckHostName(host) == UriHostNameType.Unknown ? null : host.ToLowerInvariant();
    }

    private static bool IsAllowedOrigin(string origin, IReadOnlySet<string> allowed)
    {
        var normalized = NormalizeOrigin(origin);
        return normalized is not null
            && (allowed.Contains(normalized) || IsLoopbackHost(new Uri(normalized).Host.TrimStart('[').TrimEnd(']')));
    }

    private static bool IsAllowedHost(HostString host, IReadOnlySet<string> allowed) =>
        host.HasValue && NormalizeHost(host.Host) is { } name && (IsLoopbackHost(name) || allowed.Contains(name));

    private static bool IsLoopbackHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && LoopbackAddresses.IsLoopback(address));
}
