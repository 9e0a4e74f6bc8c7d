namespace Router.Gateway.Options;

/// <summary>Settings of the registration API, bound from <c>Router:Registry</c>.</summary>
internal sealed class RegistryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Router:Registry";

    /// <summary>
    /// How often an open connection lease sends a <c>: keep-alive</c> comment, in seconds (1–3600), so that proxies
    /// and the server's client see traffic on an otherwise silent stream. Default 15.
    /// </summary>
    public int LeaseKeepAliveSeconds { get; set; } = 15;
}
