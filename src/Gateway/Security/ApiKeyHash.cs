using System.Security.Cryptography;
using System.Text;

namespace Router.Gateway.Security;

/// <summary>The form API keys are configured in: <c>sha256:&lt;64 hex digits&gt;</c> of the key's UTF-8 bytes.</summary>
internal static class ApiKeyHash
{
    public const string Prefix = "sha256:";

    /// <summary>The 32 hash bytes of a configured value, or null when it is not of the form <c>sha256:&lt;64 hex&gt;</c>.</summary>
    public static byte[]? TryParse(string? configured)
    {
        if (configured is null || !configured.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var hex = configured.AsSpan(Prefix.Length);
        if (hex.Length != SHA256.HashSizeInBytes * 2)
        {
            return null;
        }

        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return null;
            }
        }

        return Convert.FromHexString(hex);
    }

    /// <summary>The SHA-256 of a presented key's UTF-8 bytes.</summary>
    public static byte[] Compute(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>The configuration form of <paramref name="key"/>'s hash (for documentation and tests).</summary>
    public static string Format(string key) =>
        Prefix + Convert.ToHexStringLower(Compute(key));
}
