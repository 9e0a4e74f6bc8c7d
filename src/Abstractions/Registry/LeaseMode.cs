using System.Text.Json.Serialization;

namespace Router.Abstractions.Registry;

/// <summary>How an instance keeps its registration alive.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LeaseMode>))]
public enum LeaseMode
{
    /// <summary>By heartbeats; the lease lasts three heartbeat intervals.</summary>
    [JsonStringEnumMemberName("heartbeat")]
    Heartbeat,

    /// <summary>By an open connection lease; its close disconnects the instance at once.</summary>
    [JsonStringEnumMemberName("connection")]
    Connection,
}
