using System.Text.Json.Serialization;

namespace Router.Abstractions.Registry;

/// <summary>The state of a live instance. Expired, deregistered and disconnected instances are removed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InstanceStatus>))]
public enum InstanceStatus
{
    /// <summary>Registered, not yet confirmed by a heartbeat or an open connection lease. Routable.</summary>
    [JsonStringEnumMemberName("registered")]
    Registered,

    /// <summary>Renewing its lease. Routable.</summary>
    [JsonStringEnumMemberName("healthy")]
    Healthy,

    /// <summary>Missed two heartbeat intervals. Not routable; a heartbeat brings it back.</summary>
    [JsonStringEnumMemberName("unhealthy")]
    Unhealthy,

    /// <summary>Takes no new sessions; in-flight calls finish.</summary>
    [JsonStringEnumMemberName("draining")]
    Draining,
}
