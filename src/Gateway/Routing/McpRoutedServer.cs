using Router.Abstractions.Registry;
using Router.Abstractions.Routing;

namespace Router.Gateway.Routing;

/// <summary>
/// One server as the routing table holds it: its instances, and what routing asks of them — the newest routable version
/// and the versions that take calls — worked out once per change. Immutable: a change makes a new one.
/// </summary>
internal sealed class McpRoutedServer
{
    private readonly HashSet<string> _routable;

    private McpRoutedServer(InstanceView[] instances)
    {
        Instances = instances;
        Latest = McpVersions.Latest(instances);
        _routable = new HashSet<string>(instances.Where(i => McpVersions.IsRoutable(i.Status)).Select(i => i.Version), StringComparer.Ordinal);
    }

    /// <summary>Every instance, in every state, ordered by id.</summary>
    public IReadOnlyList<InstanceView> Instances { get; }

    /// <summary>The newest version with a routable instance; null when none is routable.</summary>
    public string? Latest { get; }

    /// <summary>Null when the instances are empty (the table then drops the server).</summary>
    public static McpRoutedServer? From(IEnumerable<InstanceView> instances)
    {
        var sorted = instances.OrderBy(i => i.InstanceId, StringComparer.Ordinal).ToArray();
        return sorted.Length == 0 ? null : new McpRoutedServer(sorted);
    }

    /// <summary>Whether <paramref name="version"/> has a routable instance.</summary>
    public bool IsRoutable(string version) => _routable.Contains(version);

    /// <summary>With <paramref name="instance"/> added, or replacing the one with its id.</summary>
    public McpRoutedServer With(InstanceView instance) =>
        From(Instances.Where(i => !string.Equals(i.InstanceId, instance.InstanceId, StringComparison.Ordinal)).Append(instance))!;

    /// <summary>Without the instance <paramref name="instanceId"/>; null when none is left.</summary>
    public McpRoutedServer? Without(string instanceId) =>
        From(Instances.Where(i => !string.Equals(i.InstanceId, instanceId, StringComparison.Ordinal)));

    /// <summary>With the instance <paramref name="instanceId"/> (when it is here) advertising the tools of <paramref name="change"/>.</summary>
    public McpRoutedServer WithTools(string instanceId, ToolsChangedData change) =>
        Instances.FirstOrDefault(i => string.Equals(i.InstanceId, instanceId, StringComparison.Ordinal)) is { } instance
            ? With(instance with { Tools = change.Tools, ToolsHash = change.NewHash })
            : this;
}
