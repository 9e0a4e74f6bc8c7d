namespace Router.Grains.Upstream;

/// <summary>Why a call to an MCP server's replicas failed; the gateway maps each kind to a JSON-RPC error or problem details.</summary>
public enum UpstreamFailure
{
    /// <summary>The server has no replicas to call.</summary>
    NoHealthyReplica,

    /// <summary>The call did not complete within the per-call timeout; it may have had side effects, so it was not retried.</summary>
    Timeout,

    /// <summary>No replica could be connected to; the request was never sent to any of them.</summary>
    ConnectFailed,

    /// <summary>The replica answered with an error, or the session broke after the request was sent; not retried.</summary>
    ProtocolError,

    /// <summary>Every replica's circuit is open after repeated failures.</summary>
    CircuitOpen,
}
