using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Router.Abstractions.Grains;
using Router.Abstractions.Routing;
using Router.Gateway.Events;
using Router.Gateway.Registry;

namespace Router.Gateway.Routing;

/// <summary>
/// Which version of a server a request goes to, from this node's <see cref="McpRoutingTable"/>, and what that version's
/// replicas say about themselves, cached per node until the server's registry events say something changed
/// (<see cref="Invalidate"/>).
/// </summary>
/// <remarks>
/// The table can only be behind the registry between an event being written and this node applying it, which is the
/// same window any subscriber of the event stream has. A request that finds nothing waits (briefly) for the table to
/// apply what this node already knows was appended, so that a registration acknowledged by this node is routable by the
/// next request to it.
/// </remarks>
internal sealed class McpVersionResolver(McpRoutingTable table, EventFeed feed, IGrainFactory grains, TimeProvider timeProvider) : IMcpInstanceActivity
{
    /// <summary>How long a request that finds no routable version waits for the table to catch up with this node's appends.</summary>
    public static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, McpServerProfile> _descriptions = new(StringComparer.Ordinal);

    /// <summary>The versions of each server whose instance grain is active on this node.</summary>
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _active = new(StringComparer.Ordinal);

    /// <summary>
    /// The version of <paramref name="mcpId"/> a request goes to: <paramref name="version"/> if it has a routable instance,
    /// else (when it is null or empty) the newest routable version; null when there is none or the id or version is malformed.
    /// </summary>
    public async ValueTask<string?> ResolveAsync(string? mcpId, string? version)
    {
        if (!IsWellFormed(mcpId, version))
        {
            return null;
        }

        if (Resolve(mcpId!, version) is { } resolved)
        {
            return resolved;
        }

        var known = feed.Log.LastKnownSequence;
        if (table.Sequence >= known || !await table.WaitForAsync(known, CatchUpTimeout, timeProvider).ConfigureAwait(false))
        {
            return null;
        }

        return Resolve(mcpId!, version);
    }

    /// <summary>
    /// <see cref="ResolveAsync"/> from the table as it is, without waiting for it: for code that runs as the table changes.
    /// </summary>
    public string? Resolve(string mcpId, string? version)
    {
        if (!IsWellFormed(mcpId, version) || table.Find(mcpId) is not { } server)
        {
            return null;
        }

        return string.IsNullOrEmpty(version) ? server.Latest : server.IsRoutable(version) ? version : null;
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

    public void Activated(McpVersionKey key) =>
        _active.GetOrAdd(key.McpId, static _ => new(StringComparer.Ordinal)).TryAdd(key.Version, 0);

    public void Deactivated(McpVersionKey key)
    {
        if (_active.TryGetValue(key.McpId, out var versions))
        {
            versions.TryRemove(key.Version, out _);
        }
    }

    /// <summary>Forgets what is cached about <paramref name="mcpId"/>'s versions; the next request describes them again.</summary>
    public void Invalidate(string mcpId)
    {
        var prefix = mcpId + "/";
        foreach (var key in _descriptions.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            _descriptions.TryRemove(key, out _);
        }
    }

    /// <summary>Forgets everything (the node fell behind the event stream).</summary>
    public void InvalidateAll() => _descriptions.Clear();

    private static bool IsWellFormed(string? mcpId, string? version) =>
        mcpId is not null && RegistryIdentifiers.IsMcpId(mcpId) && (string.IsNullOrEmpty(version) || RegistryIdentifiers.IsVersion(version));
}
