namespace Router.Abstractions.Grains;

/// <summary>
/// A grain could not be activated. The calls that waited for that activation fail with this exception;
/// the next call tries to activate the grain again.
/// </summary>
public sealed class GrainActivationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GrainActivationException(GrainId grainId, string message, Exception? innerException)
        : base(message, innerException)
    {
        GrainId = grainId;
    }

    /// <summary>The grain that failed to activate.</summary>
    public GrainId GrainId { get; }
}
