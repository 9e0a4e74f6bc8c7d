namespace Router.Gateway.Security;

/// <summary>Who a request acts as: the API key it presented, or the local operator when the node has no keys.</summary>
internal sealed class ApiKeyIdentity
{
    public ApiKeyIdentity(string name, ApiKeyScopes scopes, IReadOnlyCollection<string> mcpIds)
    {
        Name = name;
        Scopes = scopes;
        McpIds = mcpIds.Count == 0 ? null : new HashSet<string>(mcpIds, StringComparer.Ordinal);
    }

    /// <summary>A loopback client of a node without keys: allowed everything.</summary>
    public static ApiKeyIdentity LocalOperator { get; } = new("(loopback)", ApiKeyScopes.Admin, []);

    /// <summary>The key's name from configuration.</summary>
    public string Name { get; }

    public ApiKeyScopes Scopes { get; }

    /// <summary>The servers the register scope covers; null for all.</summary>
    public IReadOnlySet<string>? McpIds { get; }

    /// <summary>True when the key has <paramref name="scope"/> or is an admin key.</summary>
    public bool Has(ApiKeyScopes scope) => (Scopes & (scope | ApiKeyScopes.Admin)) != 0;

    /// <summary>True when the key may register and keep alive instances of <paramref name="mcpId"/>.</summary>
    public bool CanRegister(string mcpId) =>
        (Scopes & ApiKeyScopes.Admin) != 0
        || ((Scopes & ApiKeyScopes.Register) != 0 && (McpIds is null || McpIds.Contains(mcpId)));
}
