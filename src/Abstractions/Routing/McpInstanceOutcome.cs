using System.Text.Json.Serialization;

namespace Router.Abstractions.Routing;

/// <summary>How an <see cref="IMcpInstanceGrain"/> call ended; the gateway maps each to problem details or a JSON-RPC error.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<McpInstanceOutcome>))]
public enum McpInstanceOutcome
{
    /// <summary>A replica answered.</summary>
    [JsonStringEnumMemberName("ok")]
    Ok,

    /// <summary>The version has no routable replica, none accepted a connection, or every replica's circuit is open.</summary>
    [JsonStringEnumMemberName("unavailable")]
    Unavailable,

    /// <summary>The call did not complete within the upstream timeout.</summary>
    [JsonStringEnumMemberName("timeout")]
    Timeout,

    /// <summary>The replica answered with an error, or its session broke after the request was sent.</summary>
    [JsonStringEnumMemberName("upstream-error")]
    UpstreamError,

    /// <summary>The request was invalid before it reached a replica (e.g. the arguments are not a JSON object).</summary>
    [JsonStringEnumMemberName("invalid-request")]
    InvalidRequest,
}
