namespace Router.Gateway.Options;

/// <summary>The values <c>Router:Storage:Provider</c> accepts.</summary>
internal static class StorageProviderNames
{
    public const string Sqlite = "sqlite";

    public const string Postgres = "postgres";

    public const string Memory = "memory";

    /// <summary>Every accepted value, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Sqlite, Postgres, Memory];

    /// <summary>The canonical (lower-case) name of <paramref name="provider"/>, or null when it is not supported.</summary>
    public static string? Normalize(string? provider) =>
        All.FirstOrDefault(name => string.Equals(name, provider?.Trim(), StringComparison.OrdinalIgnoreCase));
}
