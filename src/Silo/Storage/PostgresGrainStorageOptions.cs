namespace Router.Silo.Storage;

/// <summary>Settings of a PostgreSQL grain storage provider.</summary>
public sealed class PostgresGrainStorageOptions
{
    /// <summary>The default <see cref="TableName"/>.</summary>
    public const string DefaultTableName = "router_grain_state";

    /// <summary>The Npgsql connection string. Required; no default.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The table holding grain state: a lower-case SQL identifier (letters, digits, underscores; at most 63
    /// characters), created on initialization if missing. Default <c>router_grain_state</c>.
    /// </summary>
    public string TableName { get; set; } = DefaultTableName;
}
