using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Router.Gateway.Registry;
using Router.Gateway.Security;

namespace Router.Gateway.Options;

/// <summary>
/// Rejects malformed API keys, naming the setting (<c>Router:Auth:Keys:&lt;i&gt;:…</c>), and, when no key is
/// configured, any configured listen address that is not loopback: a node without keys serves loopback clients only.
/// </summary>
internal sealed class AuthOptionsValidator(IConfiguration configuration) : IValidateOptions<AuthOptions>
{
    private const string KeysKey = AuthOptions.SectionName + ":" + nameof(AuthOptions.Keys);

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var keys = options.Keys ?? [];
        var hashes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            ValidateKey(keys[i], $"{KeysKey}:{i}", failures);

            // MCP sessions are bound to the name of the key that opened them, so two keys must not share one.
            if (!string.IsNullOrWhiteSpace(keys[i].Name) && !names.TryAdd(keys[i].Name, i))
            {
                failures.Add($"{KeysKey}:{i}:{nameof(ApiKeyOptions.Name)} '{keys[i].Name}' is already the name of {KeysKey}:{names[keys[i].Name]}; names must be unique.");
            }

            if (ApiKeyHash.TryParse(keys[i].Hash) is not null && !hashes.TryAdd(keys[i].Hash, i))
            {
                failures.Add($"{KeysKey}:{i}:{nameof(ApiKeyOptions.Hash)} is the same as {KeysKey}:{hashes[keys[i].Hash]}:{nameof(ApiKeyOptions.Hash)}; each key must be distinct.");
            }
        }

        if (keys.Count == 0)
        {
            var exposed = LoopbackAddresses.NonLoopbackListenAddresses(configuration);
            if (exposed.Count > 0)
            {
                failures.Add(
                    $"{KeysKey} is empty, so this node serves loopback clients only, but it is configured to listen on "
                    + $"{string.Join(", ", exposed)}. Configure API keys under {KeysKey} (see docs/api/registry.md), "
                    + "or listen on a loopback address such as http://127.0.0.1:8080.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateKey(ApiKeyOptions key, string prefix, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(key.Name))
        {
            failures.Add($"{prefix}:{nameof(ApiKeyOptions.Name)} must not be empty.");
        }

        if (ApiKeyHash.TryParse(key.Hash) is null)
        {
            failures.Add($"{prefix}:{nameof(ApiKeyOptions.Hash)} must be '{ApiKeyHash.Prefix}' followed by the 64 hexadecimal digits of the SHA-256 of the key's UTF-8 bytes.");
        }

        var scopes = key.Scopes ?? [];
        if (scopes.Count == 0)
        {
            failures.Add($"{prefix}:{nameof(ApiKeyOptions.Scopes)} must name at least one scope; allowed: {string.Join(", ", ApiKeyScopeNames.All)}.");
        }

        for (var j = 0; j < scopes.Count; j++)
        {
            if (ApiKeyScopeNames.Parse(scopes[j]) == ApiKeyScopes.None)
            {
                failures.Add($"{prefix}:{nameof(ApiKeyOptions.Scopes)}:{j} '{scopes[j]}' is not a scope; allowed: {string.Join(", ", ApiKeyScopeNames.All)}.");
            }
        }

        var mcpIds = key.McpIds ?? [];
        for (var j = 0; j < mcpIds.Count; j++)
        {
            if (!RegistryIdentifiers.IsMcpId(mcpIds[j]))
            {
                failures.Add($"{prefix}:{nameof(ApiKeyOptions.McpIds)}:{j} '{mcpIds[j]}' is not a valid MCP server id (^[a-z0-9][a-z0-9._-]{{0,127}}$).");
            }
        }
    }
}
