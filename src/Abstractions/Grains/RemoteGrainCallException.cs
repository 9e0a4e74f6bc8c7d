namespace Router.Abstractions.Grains;

/// <summary>
/// A grain call carried to another node failed there: the grain method threw (<see cref="RemoteType"/> names the
/// exception's type; its message is carried, its stack trace is not), or the other node refused the call.
/// </summary>
public sealed class RemoteGrainCallException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RemoteGrainCallException(string kind, string? remoteType, string message)
        : base(message)
    {
        Kind = kind;
        RemoteType = remoteType;
    }

    /// <summary>Creates the exception.</summary>
    public RemoteGrainCallException()
        : this("unknown", null, "A grain call on another node failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public RemoteGrainCallException(string message)
        : this("unknown", null, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RemoteGrainCallException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = "unknown";
    }

    /// <summary>Why it failed: <c>grain-exception</c>, <c>unknown-method</c>, <c>bad-request</c> or <c>unknown</c>.</summary>
    public string Kind { get; }

    /// <summary>The full name of the exception the grain threw, for <c>grain-exception</c>.</summary>
    public string? RemoteType { get; }
}
