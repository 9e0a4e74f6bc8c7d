namespace Router.Grains.Upstream;

/// <summary>Where a replica's circuit breaker stands.</summary>
internal enum CircuitState
{
    /// <summary>Calls go through; consecutive failures are counted.</summary>
    Closed,

    /// <summary>Calls are rejected until the open duration has passed.</summary>
    Open,

    /// <summary>The open duration has passed: one probe call goes through and its outcome closes or reopens the circuit.</summary>
    HalfOpen,
}
