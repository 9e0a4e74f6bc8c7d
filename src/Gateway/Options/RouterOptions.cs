namespace Router.Gateway.Options;

/// <summary>Settings of a router node, bound from the <c>Router</c> configuration section.</summary>
internal sealed class RouterOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Router";

    /// <summary>
    /// The directory holding the node's local files (the SQLite database), relative to the working directory
    /// unless absolute. Created if missing. Default <c>data</c>.
    /// </summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Where grain state lives (<c>Router:Storage</c>).</summary>
    public RouterStorageOptions Storage { get; set; } = new();

    /// <summary>How the node takes part in a cluster (<c>Router:Cluster</c>), with the <c>postgres</c> storage provider.</summary>
    public RouterClusterOptions Cluster { get; set; } = new();

    /// <summary>
    /// Whether the public server handles a request on the pool thread that received it from the socket, rather than
    /// handing it to another pool thread first (Kestrel's <c>UnsafePreferInlineScheduling</c>). Default true: a routed
    /// call waits for one thread wake-up less (docs/adr/0009-inline-request-scheduling.md).
    /// </summary>
    public bool InlineRequestScheduling { get; set; } = true;
}
