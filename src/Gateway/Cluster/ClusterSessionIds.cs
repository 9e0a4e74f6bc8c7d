using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Router.Gateway.Mcp;

namespace Router.Gateway.Cluster;

/// <summary>
/// The MCP session ids of a cluster node: <c>{random}.{owner}</c>. <c>random</c> is the single-node id (128 random bits,
/// base64url, 22 characters), so an id is exactly as hard to guess as on a node on its own; <c>owner</c> is the owning
/// silo's tag (<see cref="OwnerTag"/>, 11 characters). Both are base64url and the separator is '.', so ids stay within
/// the visible ASCII MCP requires and need no escaping in the legacy SSE endpoint's query string.
/// </summary>
internal static class ClusterSessionIds
{
    public const char Separator = '.';

    /// <summary>The length of a tag: 8 bytes in base64url.</summary>
    public const int OwnerTagLength = 11;

    /// <summary>A new session id owned by the silo tagged <paramref name="ownerTag"/>.</summary>
    public static string Create(string ownerTag) => McpHttpResponses.NewSessionId() + Separator + ownerTag;

    /// <summary>
    /// The tag of the silo <paramref name="siloId"/> (<c>{address}@{generation}</c>): the first 8 bytes of its SHA-256,
    /// base64url. It names one generation of one node, so a node restarted on the same address does not own its
    /// predecessor's sessions, and it reveals neither the node's address nor how many nodes there are.
    /// </summary>
    public static string OwnerTag(string siloId)
    {
        ArgumentNullException.ThrowIfNull(siloId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(siloId), hash);
        return Base64Url.EncodeToString(hash[..8]);
    }

    /// <summary>The owner tag of <paramref name="sessionId"/>; false for an id of another form (a single node's, a forged one).</summary>
    public static bool TryGetOwnerTag(string sessionId, [NotNullWhen(true)] out string? ownerTag)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        var separator = sessionId.Length - OwnerTagLength - 1;
        if (separator <= 0 || sessionId[separator] != Separator)
        {
            ownerTag = null;
            return false;
        }

        ownerTag = sessionId[(separator + 1)..];
        return true;
    }
}
