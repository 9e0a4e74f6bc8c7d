namespace Router.Abstractions.Registry;

/// <summary>An instance as the registry sees it now; also the data of <c>instance.*</c> events.</summary>
public sealed record InstanceView
{
    /// <summary>The instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The server version.</summary>
    public required string Version { get; init; }

    /// <summary>Its MCP endpoint.</summary>
    public required string Endpoint { get; init; }

    /// <summary>The transport of the endpoint.</summary>
    public required McpTransport Transport { get; init; }

    /// <summary>Its state.</summary>
    public required InstanceStatus Status { get; init; }

    /// <summary>How it keeps its lease.</summary>
    public required LeaseMode LeaseMode { get; init; }

    /// <summary>The heartbeat interval.</summary>
    public required int HeartbeatIntervalSeconds { get; init; }

    /// <summary>Three heartbeat intervals.</summary>
    public required int LeaseTtlSeconds { get; init; }

    /// <summary>When it first registered.</summary>
    public required DateTimeOffset RegisteredAt { get; init; }

    /// <summary>When it last renewed its lease (heartbeat, registration, or connection lease activity).</summary>
    public required DateTimeOffset LastSeenAt { get; init; }

    /// <summary>When the lease expires without renewal; null while a connection lease is open.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>Free-form metadata.</summary>
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }

    /// <summary>The advertised tools.</summary>
    public required IReadOnlyList<ToolDescriptor> Tools { get; init; }

    /// <summary>A hash of the advertised tools (hex SHA-256 of their canonical JSON).</summary>
    public required string ToolsHash { get; init; }

    /// <summary>The last reported load.</summary>
    public InstanceLoad? Load { get; init; }
}
