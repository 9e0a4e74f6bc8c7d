namespace Router.Abstractions.Grains;

/// <summary>
/// A grain call waited longer than the response timeout, for example because non-reentrant grains called
/// each other in a cycle.
/// </summary>
public sealed class GrainCallTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public GrainCallTimeoutException(GrainId grainId, string method, TimeSpan timeout)
        : base($"The call to {method} on grain {grainId} did not start within {timeout}: the activation stayed busy (a call cycle between non-reentrant grains deadlocks this way).")
    {
        GrainId = grainId;
        Method = method;
        Timeout = timeout;
    }

    /// <summary>The target grain.</summary>
    public GrainId GrainId { get; }

    /// <summary>The method called.</summary>
    public string Method { get; }

    /// <summary>The timeout that expired.</summary>
    public TimeSpan Timeout { get; }
}
