namespace Router.Gateway.Security;

/// <summary>The names of <see cref="ApiKeyScopes"/> in configuration.</summary>
internal static class ApiKeyScopeNames
{
    public const string Register = "register";
    public const string EventsRead = "events:read";
    public const string Admin = "admin";
    public const string Call = "call";

    /// <summary>Every accepted name, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Register, EventsRead, Admin, Call];

    /// <summary>The scope a name stands for (exact, lower case), or <see cref="ApiKeyScopes.None"/> when it names none.</summary>
    public static ApiKeyScopes Parse(string? name) => name switch
    {
        Register => ApiKeyScopes.Register,
        EventsRead => ApiKeyScopes.EventsRead,
        Admin => ApiKeyScopes.Admin,
        Call => ApiKeyScopes.Call,
        _ => ApiKeyScopes.None,
    };

    /// <summary>The configuration name of a single scope (the inverse of <see cref="Parse"/>); <c>admin</c> for anything else.</summary>
    public static string NameOf(ApiKeyScopes scope) => scope switch
    {
        ApiKeyScopes.Register => Register,
        ApiKeyScopes.EventsRead => EventsRead,
        ApiKeyScopes.Call => Call,
        _ => Admin,
    };
}
