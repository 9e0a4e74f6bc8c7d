using System.Globalization;
using Router.Abstractions.Registry;

namespace Router.Abstractions.Routing;

/// <summary>Which registry instances can take calls, and which version of a server is the latest.</summary>
public static class McpVersions
{
    /// <summary>Whether an instance in <paramref name="status"/> takes calls: registered or healthy (not unhealthy or draining).</summary>
    public static bool IsRoutable(InstanceStatus status) => status is InstanceStatus.Registered or InstanceStatus.Healthy;

    /// <summary>
    /// The newest version among the routable instances of <paramref name="instances"/>, or null when none is routable.
    /// Semantic versions (<c>major[.minor[.patch]][-pre][+build]</c>, optional leading <c>v</c>) order by precedence and rank
    /// above versions that do not parse; those order ordinally.
    /// </summary>
    public static string? Latest(IEnumerable<InstanceView> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        string? latest = null;
        foreach (var instance in instances)
        {
            if (IsRoutable(instance.Status) && (latest is null || Compare(instance.Version, latest) > 0))
            {
                latest = instance.Version;
            }
        }

        return latest;
    }

    /// <summary>Orders two versions as <see cref="Latest"/> does: negative when <paramref name="x"/> is older.</summary>
    public static int Compare(string x, string y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var px = TryParse(x, out var cx, out var prex);
        var py = TryParse(y, out var cy, out var prey);
        if (px != py)
        {
            return px ? 1 : -1;
        }

        if (!px)
        {
            return string.CompareOrdinal(x, y);
        }

        var byCore = cx!.CompareTo(cy);
        if (byCore != 0)
        {
            return byCore;
        }

        // A pre-release precedes its release.
        return (prex, prey) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            _ => string.CompareOrdinal(prex, prey),
        };
    }

    private static bool TryParse(string text, out Version? core, out string? prerelease)
    {
        core = null;
        prerelease = null;
        var span = text.AsSpan();
        if (span.Length > 0 && span[0] is 'v' or 'V')
        {
            span = span[1..];
        }

        var plus = span.IndexOf('+');
        if (plus >= 0)
        {
            span = span[..plus];
        }

        var dash = span.IndexOf('-');
        if (dash >= 0)
        {
            prerelease = span[(dash + 1)..].ToString();
            span = span[..dash];
        }

        var parts = span.ToString().Split('.');
        if (parts.Length is < 1 or > 3)
        {
            return false;
        }

        var numbers = new int[3];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        core = new Version(numbers[0], numbers[1], numbers[2]);
        return true;
    }
}
