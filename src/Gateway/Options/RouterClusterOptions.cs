namespace Router.Gateway.Options;

/// <summary>
/// How a node takes part in a cluster, bound from <c>Router:Cluster</c>. Used when <c>Router:Storage:Provider</c> is
/// <c>postgres</c>: every node using the same database and cluster id is a member of one cluster.
/// </summary>
internal sealed class RouterClusterOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Router:Cluster";

    /// <summary>
    /// The cluster's name: nodes with the same id in the same database form one cluster (several clusters may share a
    /// database). Letters, digits, '.', '_' and '-', at most 100 characters. Default <c>router</c>.
    /// </summary>
    public string Id { get; set; } = "router";

    /// <summary>
    /// The address other nodes reach this one at, unique in the cluster (a node starting on an address supersedes an
    /// earlier one there, as after a restart). Default: the host and port of the first of the node's <c>urls</c>, or a
    /// name made of the host name and a random suffix when there is no fixed port.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>The address to advertise: <see cref="AdvertisedAddress"/> or the default it documents.</summary>
    public static string ResolveAdvertisedAddress(string? configured, string? urls)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.Trim();
        }

        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is not null && Uri.TryCreate(first.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var url)
            && url.Port > 0)
        {
            var host = url.Host is "0.0.0.0" or "[::]" ? Environment.MachineName : url.Host;
            return $"{host}:{url.Port}";
        }

        return $"{Environment.MachineName}/{Guid.NewGuid().ToString("N")[..12]}";
    }
}
