namespace Router.Client;

/// <summary>
/// How this MCP server registers with the router and keeps its registration alive. Bind it from the
/// <c>McpRouter</c> configuration section (<see cref="SectionName"/>) or set it in code; invalid settings stop the
/// host at start-up with a message naming the setting.
/// </summary>
public sealed class McpRouterRegistrationOptions
{
    /// <summary>The configuration section these options are usually bound from: <c>McpRouter</c>.</summary>
    public const string SectionName = "McpRouter";

    /// <summary>The router's base URL, for example <c>http://127.0.0.1:8080</c>. Required; absolute <c>http</c> or <c>https</c>.</summary>
    public Uri? RouterUrl { get; set; }

    /// <summary>The server id the router lists this server under (<c>^[a-z0-9][a-z0-9._-]{0,127}$</c>). Required.</summary>
    public string? McpId { get; set; }

    /// <summary>The version of this server: 1–64 characters of <c>A-Z a-z 0-9 . _ + -</c>. Required.</summary>
    public string? Version { get; set; }

    /// <summary>
    /// The URL of this server's MCP endpoint, as the router should call it. Required. Either an absolute <c>http</c> or
    /// <c>https</c> URL (at most 2,048 characters, no user info, not a link-local or cloud-metadata address), or an
    /// absolute path such as <c>/mcp</c>, which is resolved at registration time against the first address the
    /// ASP.NET Core server of this host listens on (handy with port 0; not usable with a wildcard host such as
    /// <c>0.0.0.0</c>, which names no reachable address).
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The transport of <see cref="Endpoint"/>. Default <see cref="McpRouterTransport.StreamableHttp"/>.</summary>
    public McpRouterTransport Transport { get; set; } = McpRouterTransport.StreamableHttp;

    /// <summary>
    /// The instance id of this replica (<c>^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$</c>). Default null: a random id (32 hex
    /// digits) is chosen when the process starts and kept for its life, so re-registering after a router restart updates
    /// the same instance, and a server stopped before the router answered its registration can still deregister.
    /// </summary>
    public string? InstanceId { get; set; }

    /// <summary>
    /// How often heartbeats are sent (each with ±10 % jitter), and the interval announced to the router, which
    /// expires the instance after three missed intervals. Between 1 and 300 seconds, rounded up to whole seconds when
    /// announced. Default 10 seconds. In <see cref="McpRouterLeaseMode.Connection"/> mode it only bounds how long the
    /// registration lives while the lease is being reopened.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How the registration is kept alive. Default <see cref="McpRouterLeaseMode.Heartbeat"/>.</summary>
    public McpRouterLeaseMode LeaseMode { get; set; } = McpRouterLeaseMode.Heartbeat;

    /// <summary>
    /// The API key sent as <c>Authorization: Bearer &lt;key&gt;</c>; it needs the <c>register</c> scope. Default null:
    /// no key, which a router with no keys configured accepts from loopback clients.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Free-form metadata announced with the registration (at most 64 entries; keys 1–128 characters, values at most
    /// 1,024). Default empty.
    /// </summary>
    public IDictionary<string, string> Metadata { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The tools announced with the registration (at most 1,024, names unique). Default empty.</summary>
    public IList<McpRouterTool> Tools { get; set; } = [];

    /// <summary>
    /// How long graceful shutdown waits for the router to acknowledge the deregistration before it moves on.
    /// Between 0 (exclusive) and 5 minutes. Default 5 seconds.
    /// </summary>
    public TimeSpan DeregisterTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest wait between retries after a failure (a transport error, a 5xx, a rejected request). Retries start
    /// after about 1 second and double up to this, each with jitter. Between 1 second and 1 hour. Default 30 seconds.
    /// </summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one request to the router may take (for the connection lease: until the response starts) before it
    /// counts as failed. Between 0 (exclusive) and 5 minutes. Default 10 seconds.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
