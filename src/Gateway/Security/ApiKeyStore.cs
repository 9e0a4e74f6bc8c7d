using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Router.Gateway.Options;

namespace Router.Gateway.Security;

/// <summary>The configured API keys, by hash. Lookups take the same time whichever key matches, or none.</summary>
internal sealed class ApiKeyStore
{
    private readonly (byte[] Hash, ApiKeyIdentity Identity)[] _keys;

    public ApiKeyStore(IOptions<AuthOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // AuthOptionsValidator stops start-up on a malformed entry; any that slips through here is skipped, never trusted.
        _keys = [.. (options.Value.Keys ?? [])
            .Select(key => (Hash: ApiKeyHash.TryParse(key.Hash), Key: key))
            .Where(entry => entry.Hash is not null)
            .Select(entry => (entry.Hash!, new ApiKeyIdentity(
                entry.Key.Name,
                (entry.Key.Scopes ?? []).Aggregate(ApiKeyScopes.None, (all, name) => all | ApiKeyScopeNames.Parse(name)),
                entry.Key.McpIds ?? [])))];
    }

    /// <summary>False when no key is configured: the node then serves loopback clients only.</summary>
    public bool HasKeys => _keys.Length > 0;

    /// <summary>The identity of <paramref name="presentedKey"/>, or null when no configured key matches.</summary>
    public ApiKeyIdentity? Find(string presentedKey)
    {
        ArgumentNullException.ThrowIfNull(presentedKey);
        var hash = ApiKeyHash.Compute(presentedKey);
        ApiKeyIdentity? found = null;

        // Every entry is compared, in constant time, so the time taken says nothing about which one matched.
        foreach (var (candidate, identity) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, candidate))
            {
                found = identity;
            }
        }

        return found;
    }
}
