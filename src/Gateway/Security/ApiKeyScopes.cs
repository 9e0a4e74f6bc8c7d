namespace Router.Gateway.Security;

/// <summary>What an API key may do (docs/api/registry.md, "Authentication").</summary>
[Flags]
internal enum ApiKeyScopes
{
    None = 0,

    /// <summary><c>register</c>: register, heartbeat, lease, drain and deregister, for the key's MCP ids.</summary>
    Register = 1,

    /// <summary><c>events:read</c>: read the servers and the event feed.</summary>
    EventsRead = 2,

    /// <summary><c>admin</c>: everything.</summary>
    Admin = 4,

    /// <summary><c>call</c>: the agent side — the MCP endpoints and the tool API that route calls to the servers.</summary>
    Call = 8,
}
