namespace Router.Grains.Upstream;

/// <summary>A call to an MCP server's replicas failed in the way <see cref="Failure"/> names.</summary>
/// <remarks>The message is for logs only; callers map <see cref="Failure"/> to a client-facing error and never echo it.</remarks>
public sealed class UpstreamException : Exception
{
    public UpstreamException()
        : this(UpstreamFailure.ProtocolError, instanceId: null, "The upstream call failed.")
    {
    }

    public UpstreamException(string message)
        : this(UpstreamFailure.ProtocolError, instanceId: null, message)
    {
    }

    public UpstreamException(string message, Exception innerException)
        : this(UpstreamFailure.ProtocolError, instanceId: null, message, innerException)
    {
    }

    public UpstreamException(UpstreamFailure failure, string? instanceId, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        InstanceId = instanceId;
    }

    /// <summary>What went wrong.</summary>
    public UpstreamFailure Failure { get; }

    /// <summary>The replica the failure happened on, when it is about one replica.</summary>
    public string? InstanceId { get; }
}
