namespace Router.Silo.Storage;

/// <summary>Settings of a SQLite grain storage provider.</summary>
public sealed class SqliteGrainStorageOptions
{
    /// <summary>
    /// The <c>Microsoft.Data.Sqlite</c> connection string, for example <c>Data Source=/var/lib/router/state.db</c>.
    /// Required; no default. The file's directory is created if missing.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How long a statement waits for another connection's write lock before it fails (SQLite's
    /// <c>busy_timeout</c>). Default 5 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
