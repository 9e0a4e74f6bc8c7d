using Router.Abstractions.Grains;
using Router.Abstractions.Registry;
using Router.Abstractions.Routing;
using Router.Gateway.Registry;

namespace Router.Gateway.Routing;

/// <summary>Finds the <see cref="IMcpInstanceGrain"/> that serves an MCP server, at a pinned version or its latest.</summary>
internal static class McpInstanceLocator
{
    /// <summary>
    /// The instance grain of <paramref name="mcpId"/> at <paramref name="version"/> (the newest routable version when null
    /// or empty), or null when the id is malformed or no routable instance of that version is registered.
    /// </summary>
    public static async ValueTask<IMcpInstanceGrain?> FindAsync(IGrainFactory grains, string? mcpId, string? version)
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (mcpId is null || !RegistryIdentifiers.IsMcpId(mcpId) || (!string.IsNullOrEmpty(version) && !RegistryIdentifiers.IsVersion(version)))
        {
            return null;
        }

        var server = await grains.GetGrain<IConnectionRegistryGrain>(mcpId).GetAsync().ConfigureAwait(false);
        var resolved = string.IsNullOrEmpty(version)
            ? McpVersions.Latest(server.Instances)
            : server.Instances.Any(i => McpVersions.IsRoutable(i.Status) && string.Equals(i.Version, version, StringComparison.Ordinal)) ? version : null;
        return resolved is null
            ? null
            : grains.GetGrain<IMcpInstanceGrain>(new McpVersionKey(mcpId, resolved).ToString());
    }
}
