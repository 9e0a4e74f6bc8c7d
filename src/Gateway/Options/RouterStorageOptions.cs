namespace Router.Gateway.Options;

/// <summary>Where a node keeps grain state, bound from <c>Router:Storage</c>.</summary>
internal sealed class RouterStorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Router:Storage";

    /// <summary>
    /// The storage provider: <c>sqlite</c> (one node, a file under <see cref="RouterOptions.DataDirectory"/>),
    /// <c>postgres</c> (a cluster sharing one database) or <c>memory</c> (state lost at shutdown).
    /// Case-insensitive. Default <c>sqlite</c>.
    /// </summary>
    public string Provider { get; set; } = StorageProviderNames.Sqlite;

    /// <summary>
    /// The provider's connection string. Required for <c>postgres</c> (an Npgsql connection string); optional for
    /// <c>sqlite</c>, where it defaults to <c>Data Source=&lt;DataDirectory&gt;/router.db</c>; unused by <c>memory</c>.
    /// </summary>
    public string? ConnectionString { get; set; }
}
