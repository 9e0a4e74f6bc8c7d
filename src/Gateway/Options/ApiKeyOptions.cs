namespace Router.Gateway.Options;

/// <summary>One API key (<c>Router:Auth:Keys:&lt;i&gt;</c>). The key itself is never stored, only its hash.</summary>
internal sealed class ApiKeyOptions
{
    /// <summary>A name for logs and the owner of the MCP sessions the key opens; required and unique.</summary>
    public string Name { get; set; } = "";

    /// <summary>
    /// <c>sha256:</c> followed by the 64 hexadecimal digits of the SHA-256 of the key's UTF-8 bytes, e.g. from
    /// <c>printf %s "$KEY" | sha256sum</c>. Required.
    /// </summary>
    public string Hash { get; set; } = "";

    /// <summary>What the key may do: <c>register</c>, <c>call</c>, <c>events:read</c> and/or <c>admin</c>. At least one.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>The MCP servers the <c>register</c> scope covers; empty (the default) covers every server.</summary>
    public List<string> McpIds { get; set; } = [];
}
