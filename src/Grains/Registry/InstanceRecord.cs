using System.Text.Json.Serialization;
using Router.Abstractions.Registry;

namespace Router.Grains.Registry;

/// <summary>One instance as the registry persists it.</summary>
public sealed class InstanceRecord
{
    public required string InstanceId { get; init; }

    public required string Version { get; set; }

    public required string Endpoint { get; set; }

    public McpTransport Transport { get; set; }

    public int HeartbeatIntervalSeconds { get; set; }

    public InstanceStatus Status { get; set; }

    public LeaseMode LeaseMode { get; set; }

    public DateTimeOffset RegisteredAt { get; init; }

    /// <summary>Renewed in memory by every heartbeat; persisted only with state changes.</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);

    public List<ToolDescriptor> Tools { get; set; } = [];

    public string ToolsHash { get; set; } = "";

    public InstanceLoad? Load { get; set; }

    /// <summary>The token of the open connection lease; never persisted (the connection dies with its node).</summary>
    [JsonIgnore]
    public string? LeaseToken { get; set; }

    [JsonIgnore]
    public TimeSpan Interval => TimeSpan.FromSeconds(HeartbeatIntervalSeconds);

    public InstanceView ToView() => new()
    {
        InstanceId = InstanceId,
        Version = Version,
        Endpoint = Endpoint,
        Transport = Transport,
        Status = Status,
        LeaseMode = LeaseMode,
        HeartbeatIntervalSeconds = HeartbeatIntervalSeconds,
        LeaseTtlSeconds = HeartbeatIntervalSeconds * ConnectionRegistryGrain.TtlIntervals,
        RegisteredAt = RegisteredAt,
        LastSeenAt = LastSeenAt,
        LeaseExpiresAt = LeaseToken is null ? LastSeenAt + (Interval * ConnectionRegistryGrain.TtlIntervals) : null,
        Metadata = Metadata,
        Tools = Tools,
        ToolsHash = ToolsHash,
        Load = Load,
    };
}
