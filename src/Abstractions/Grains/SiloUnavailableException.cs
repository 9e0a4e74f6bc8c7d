namespace Router.Abstractions.Grains;

/// <summary>
/// The silo does not serve grain calls right now: it could not renew its cluster membership in time (it fences itself
/// so that no other silo's takeover of its grains overlaps with it), or another silo declared it dead. Retry on another
/// node, or later.
/// </summary>
public sealed class SiloUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SiloUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SiloUnavailableException()
        : this("This silo does not serve grain calls right now: it does not hold its cluster membership.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public SiloUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
