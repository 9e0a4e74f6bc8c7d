using System.Diagnostics.CodeAnalysis;

namespace Router.Abstractions.Grains;

/// <summary>
/// The key of a grain that stands for one version of one MCP server: <c>mcp_id/version</c>.
/// The MCP id never contains a slash; everything after the first slash is the version.
/// </summary>
public readonly record struct McpVersionKey
{
    /// <summary>Creates a key.</summary>
    /// <exception cref="ArgumentException">The id is empty or contains a slash, or the version is empty.</exception>
    public McpVersionKey(string mcpId, string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(mcpId);
        ArgumentException.ThrowIfNullOrEmpty(version);
        if (mcpId.Contains('/'))
        {
            throw new ArgumentException("An MCP id cannot contain '/'.", nameof(mcpId));
        }

        McpId = mcpId;
        Version = version;
    }

    /// <summary>The MCP server id.</summary>
    public string McpId { get; }

    /// <summary>The server version.</summary>
    public string Version { get; }

    /// <summary>Formats the key as <c>mcp_id/version</c>.</summary>
    public override string ToString() => $"{McpId}/{Version}";

    /// <summary>Parses <c>mcp_id/version</c>.</summary>
    /// <exception cref="FormatException">The text is not of that form.</exception>
    public static McpVersionKey Parse(string key) => TryParse(key, out var result)
        ? result
        : throw new FormatException($"'{key}' is not a key of the form 'mcp_id/version'.");

    /// <summary>Tries to parse <c>mcp_id/version</c>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? key, out McpVersionKey result)
    {
        result = default;
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        var slash = key.IndexOf('/');
        if (slash <= 0 || slash == key.Length - 1)
        {
            return false;
        }

        result = new McpVersionKey(key[..slash], key[(slash + 1)..]);
        return true;
    }
}
