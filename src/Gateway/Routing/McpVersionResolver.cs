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
internal sealed class McpVersionResolver(IGrainFactory grains) : IMcpInstanceActivity
{
    private readonly ConcurrentDictionary<string, Task<ServerVersions>> _servers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, McpServerProfile> _descriptions = new(StringComparer.Ordinal);

    /// <summary>The versions of each server whose instance grain is active on this node.</summary>
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _active = new(StringComparer.Ordinal);

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

        return string.IsNullOrEmpty(version) ? server.Latest : server.Routable.Contains(version) ? version : null;
    }

    /// <summary>The instance grain of a resolved version.</summary>
    public IMcpInstanceGrain Instance(string mcpId, string version) =>
        grains.GetGrain<IMcpInstanceGrain>(new McpVersionKey(mcpId, version).ToString());

    /// <summary>
    /// What the version presents to agents, from what its replicas say about themselves (see
    /// <see cref="IMcpInstanceGrain.DescribeAsync"/>); cached once a replica answered, a server of tools only until then.
    /// </summary>
    public async ValueTask<McpServerProfile> DescribeAsync(string mcpId, string version, CancellationToken cancellationToken)
    {
        var key = new McpVersionKey(mcpId, version).ToString();
        if (_descriptions.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var result = await Instance(mcpId, version).DescribeAsync(cancellationToken).ConfigureAwait(false);
        if (result is { Outcome: McpInstanceOutcome.Ok, Result: { } description })
        {
            var profile = McpServerProfile.From(description, mcpId, version);
            _descriptions[key] = profile;
            return profile;
        }

        return McpServerProfile.From(description: null, mcpId, version);
    }

    /// <summary>The servers with an active instance on this node.</summary>
    public IReadOnlyCollection<string> ActiveServers => [.. _active.Where(pair => !pair.Value.IsEmpty).Select(pair => pair.Key)];

    /// <summary>The versions of <paramref name="mcpId"/> whose instance is active on this node.</summary>
    public IReadOnlyCollection<string> ActiveVersions(string mcpId) =>
        _active.TryGetValue(mcpId, out var versions) ? [.. versions.Keys] : [];

    /// <summary>The newest routable version of <paramref name="mcpId"/> as cached now; false when nothing is cached.</summary>
    public bool TryPeekLatest(string mcpId, out string? latest)
    {
        latest = null;
        if (_servers.TryGetValue(mcpId, out var reading) && reading.IsCompletedSuccessfully)
        {
            latest = reading.Result.Latest;
            return true;
        }

        return false;
    }

    public void Activated(McpVersionKey key) =>
        _active.GetOrAdd(key.McpId, static _ => new(StringComparer.Ordinal)).TryAdd(key.Version, 0);

    public void Deactivated(McpVersionKey key)
    {
        if (_active.TryGetValue(key.McpId, out var versions))
        {
            versions.TryRemove(key.Version, out _);
        }
    }

    /// <summary>Forgets what is cached about <paramref name="mcpId"/>; the next request reads the registry again.</summary>
    public void Invalidate(string mcpId)
    {
        _servers.TryRemove(mcpId, out _);
        var prefix = mcpId + "/";
        foreach (var key in _descriptions.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            _descriptions.TryRemove(key, out _);
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
