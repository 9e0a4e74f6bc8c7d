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
    /// The port other nodes send grain calls and forwarded MCP session requests to (HTTP/2 without TLS, a server apart
    /// from the public one, bound on the same interface as the first of the node's <c>urls</c>). Like Orleans' silo port
    /// it has no authentication: keep it reachable by the cluster's nodes alone. 1 to 65535. Default 11111.
    /// </summary>
    public int InternalPort { get; set; } = 11111;

    /// <summary>
    /// The <c>host:port</c> other nodes reach this one's internal port at, unique in the cluster (a node starting on an
    /// address supersedes an earlier one there, as after a restart). Default: the host of the first of the node's
    /// <c>urls</c> (the machine name when that binds every interface) and <see cref="InternalPort"/>.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>The address to advertise: <see cref="AdvertisedAddress"/> or the default it documents.</summary>
    /// <summary>
    /// Whether <paramref name="settings"/> make the node a cluster member: the <c>postgres</c> provider with a connection
    /// string, and a cluster id. Everything cluster-only (membership, the grain directory, the internal port, session
    /// forwarding) is added on this one condition.
    /// </summary>
    public static bool IsMember(RouterOptions settings) =>
        StorageProviderNames.Normalize(settings.Storage?.Provider) == StorageProviderNames.Postgres
        && !string.IsNullOrWhiteSpace(settings.Storage?.ConnectionString)
        && !string.IsNullOrWhiteSpace(settings.Cluster?.Id);

    public static string ResolveAdvertisedAddress(string? configured, string? urls, int internalPort)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.Trim();
        }

        var host = FirstUrl(urls)?.Host;
        return $"{(host is null || IsAnyAddress(host) ? Environment.MachineName : host)}:{internalPort}";
    }

    /// <summary>Where the internal port listens: the interface of the first of <paramref name="urls"/> (loopback by default).</summary>
    public static System.Net.IPEndPoint InternalEndpoint(string? urls, int internalPort)
    {
        var host = FirstUrl(urls)?.Host;
        var address = host is null || host == "localhost" ? System.Net.IPAddress.Loopback
            : IsAnyAddress(host) ? System.Net.IPAddress.Any
            : System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var parsed) ? parsed
            : System.Net.IPAddress.Any;
        return new System.Net.IPEndPoint(address, internalPort);
    }

    private static Uri? FirstUrl(string? urls)
    {
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return first is not null
            && Uri.TryCreate(first.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var url)
            ? url
            : null;
    }

    private static bool IsAnyAddress(string host) => host is "0.0.0.0" or "[::]";
}
