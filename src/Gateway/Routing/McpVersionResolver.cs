using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Router.Abstractions.Grains;
using Router.Abstractions.Registry;
using Router.Abstractions.Routing;
using Router.Gateway.Registry;

namespace Router.Gateway.Routing;

/// <summary>
/// Which version of a server a request goes to, and what that version's replicas say about themselves, cached per node
/// until the server's registry events say something changed (<see cref="Invalidate"/>).
/// </summary>
/// <remarks>
/// The cache is what keeps the registry grain off every routed request's path. It can only be stale between an event
/// being written and this node reading it, which is the same window any subscriber of the event stream has.
/// </remarks>
internal sealed class McpVersionResolver(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, Task<ServerVersions>> _servers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonNode> _descriptions = new(StringComparer.Ordinal);

    /// <summary>Every version handed out for a server since the node started: the instance grains that may be active.</summary>
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _used = new(StringComparer.Ordinal);

    /// <summary>
    /// The version of <paramref name="mcpId"/> a request goes to: <paramref name="version"/> if it has a routable instance,
    /// else (when it is null or empty) the newest routable version; null when there is none or the id or version is malformed.
    /// </summary>
    public async ValueTask<string?> ResolveAsync(string? mcpId, string? version)
    {
        if (mcpId is null || !RegistryIdentifiers.IsMcpId(mcpId) || (!string.IsNullOrEmpty(version) && !RegistryIdentifiers.IsVersion(version)))
        {
            return null;
        }

        var reading = _servers.GetOrAdd(mcpId, ReadAsync);
        ServerVersions server;
        try
        {
            server = await reading.ConfigureAwait(false);
        }
        catch
        {
            // A failed read is not cached: the next request tries again.
            _servers.TryRemove(KeyValuePair.Create(mcpId, reading));
            throw;
        }

        var resolved = string.IsNullOrEmpty(version) ? server.Latest : server.Routable.Contains(version) ? version : null;
        if (resolved is not null)
        {
            _used.GetOrAdd(mcpId, static _ => new(StringComparer.Ordinal)).TryAdd(resolved, 0);
        }

        return resolved;
    }

    /// <summary>The instance grain of a resolved version.</summary>
    public IMcpInstanceGrain Instance(string mcpId, string version) =>
        grains.GetGrain<IMcpInstanceGrain>(new McpVersionKey(mcpId, version).ToString());

    /// <summary>What the version's replicas say about themselves (see <see cref="IMcpInstanceGrain.DescribeAsync"/>); null when none answers.</summary>
    public async ValueTask<JsonNode?> DescribeAsync(string mcpId, string version, CancellationToken cancellationToken)
    {
        var key = new McpVersionKey(mcpId, version).ToString();
        if (_descriptions.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var result = await Instance(mcpId, version).DescribeAsync(cancellationToken).ConfigureAwait(false);
        if (result is { Outcome: McpInstanceOutcome.Ok, Result: { } description })
        {
            _descriptions[key] = description;
            return description;
        }

        return null;
    }

    /// <summary>The servers known to this node (resolved at least once).</summary>
    public IReadOnlyCollection<string> KnownServers => [.. _used.Keys];

    /// <summary>Versions of <paramref name="mcpId"/> this node has handed out.</summary>
    public IReadOnlyCollection<string> UsedVersions(string mcpId) =>
        _used.TryGetValue(mcpId, out var versions) ? [.. versions.Keys] : [];

    /// <summary>Forgets what is cached about <paramref name="mcpId"/>; the next request reads the registry again.</summary>
    public void Invalidate(string mcpId)
    {
        _servers.TryRemove(mcpId, out _);
        foreach (var version in UsedVersions(mcpId))
        {
            _descriptions.TryRemove(new McpVersionKey(mcpId, version).ToString(), out _);
        }
    }

    /// <summary>Forgets everything (the node fell behind the event stream).</summary>
    public void InvalidateAll()
    {
        _servers.Clear();
        _descriptions.Clear();
    }

    private async Task<ServerVersions> ReadAsync(string mcpId)
    {
        var server = await grains.GetGrain<IConnectionRegistryGrain>(mcpId).GetAsync().ConfigureAwait(false);
        return new ServerVersions(
            McpVersions.Latest(server.Instances),
            [.. server.Instances.Where(i => McpVersions.IsRoutable(i.Status)).Select(i => i.Version)]);
    }

    private sealed record ServerVersions(string? Latest, HashSet<string> Routable);
}
