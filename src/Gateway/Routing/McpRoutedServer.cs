using Router.Abstractions.Registry;
using Router.Abstractions.Routing;

namespace Router.Gateway.Routing;

/// <summary>
/// One server as the routing table holds it: its instances, and what routing asks of them — the newest routable version
/// and the versions that take calls — worked out once per change. Immutable: a change makes a new one, in time linear in
/// the instances (an event per registration must not cost a sort and a version parse per instance).
/// </summary>
internal sealed class McpRoutedServer
{
    private static readonly IComparer<InstanceView> ById = Comparer<InstanceView>.Create((x, y) => string.CompareOrdinal(x.InstanceId, y.InstanceId));

    private readonly InstanceView[] _instances;
    private readonly HashSet<string> _routable;

    private McpRoutedServer(InstanceView[] sortedInstances)
    {
        _instances = sortedInstances;
        _routable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instance in sortedInstances)
        {
            // As McpVersions.Latest picks (the first by id among equal versions), parsing only versions not seen yet.
            if (McpVersions.IsRoutable(instance.Status) && _routable.Add(instance.Version)
                && (Latest is null || McpVersions.Compare(instance.Version, Latest) > 0))
            {
                Latest = instance.Version;
            }
        }
    }

    /// <summary>Every instance, in every state, ordered by id.</summary>
    public IReadOnlyList<InstanceView> Instances => _instances;

    /// <summary>The newest version with a routable instance (as <see cref="McpVersions.Latest"/> orders them); null when none is routable.</summary>
    public string? Latest { get; }

    /// <summary>Null when <paramref name="instances"/> is empty (the table then drops the server).</summary>
    public static McpRoutedServer? From(IEnumerable<InstanceView> instances)
    {
        var sorted = instances.ToArray();
        Array.Sort(sorted, ById);
        return sorted.Length == 0 ? null : new McpRoutedServer(sorted);
    }

    /// <summary>Whether <paramref name="version"/> has a routable instance.</summary>
    public bool IsRoutable(string version) => _routable.Contains(version);

    /// <summary>With <paramref name="instance"/> added, or replacing the one with its id.</summary>
    public McpRoutedServer With(InstanceView instance)
    {
        var at = Array.BinarySearch(_instances, instance, ById);
        InstanceView[] next;
        if (at >= 0)
        {
            next = (InstanceView[])_instances.Clone();
            next[at] = instance;
        }
        else
        {
            at = ~at;
            next = new InstanceView[_instances.Length + 1];
            Array.Copy(_instances, next, at);
            next[at] = instance;
            Array.Copy(_instances, at, next, at + 1, _instances.Length - at);
        }

        return new McpRoutedServer(next);
    }

    /// <summary>Without the instance <paramref name="instanceId"/>; null when none is left.</summary>
    public McpRoutedServer? Without(string instanceId)
    {
        var at = IndexOf(instanceId);
        if (at < 0)
        {
            return this;
        }

        if (_instances.Length == 1)
        {
            return null;
        }

        var next = new InstanceView[_instances.Length - 1];
        Array.Copy(_instances, next, at);
        Array.Copy(_instances, at + 1, next, at, _instances.Length - at - 1);
        return new McpRoutedServer(next);
    }

    /// <summary>With the instance <paramref name="instanceId"/> (when it is here) advertising the tools of <paramref name="change"/>.</summary>
    public McpRoutedServer WithTools(string instanceId, ToolsChangedData change)
    {
        var at = IndexOf(instanceId);
        return at < 0 ? this : With(_instances[at] with { Tools = change.Tools, ToolsHash = change.NewHash });
    }

    private int IndexOf(string instanceId)
    {
        int low = 0, high = _instances.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = string.CompareOrdinal(_instances[middle].InstanceId, instanceId);
            if (order == 0)
            {
                return middle;
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        return -1;
    }
}
