namespace Router.Silo.Storage;

/// <summary>Settings of a PostgreSQL grain storage provider.</summary>
public sealed class PostgresGrainStorageOptions
{
    /// <summary>The default <see cref="TableName"/>.</summary>
    public const string DefaultTableName = "router_grain_state";

    /// <summary>The default <see cref="EventTableName"/>.</summary>
    public const string DefaultEventTableName = "router_event_log";

    /// <summary>The Npgsql connection string. Required; no default.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The table holding grain state: a lower-case SQL identifier (letters, digits, underscores; at most 63
    /// characters), created on initialization if missing. Default <c>router_grain_state</c>.
    /// </summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>
    /// The table holding the event log: a lower-case SQL identifier of at most 55 characters, different from
    /// <see cref="TableName"/>. Initialization also creates <c>&lt;EventTableName&gt;_counter</c>, the one-row
    /// table that hands out sequence numbers, and appends notify the PostgreSQL channel of the same name.
    /// Default <c>router_event_log</c>.
    /// </summary>
    public string EventTableName { get; set; } = DefaultEventTableName;

    /// <summary>
    /// How often a node that waits for new events re-reads the log's bounds, in case a notification was lost
    /// (for example while its listening connection was down). Default 1 second.
    /// </summary>
    public TimeSpan EventPollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
