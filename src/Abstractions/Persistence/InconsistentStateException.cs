namespace Router.Abstractions.Persistence;

/// <summary>A state write or clear carried an ETag that no longer matches storage.</summary>
public sealed class InconsistentStateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InconsistentStateException(string message, string? storedEtag, string? currentEtag)
        : base(message)
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>The ETag found in storage (null when no record exists).</summary>
    public string? StoredEtag { get; }

    /// <summary>The ETag the writer held.</summary>
    public string? CurrentEtag { get; }
}
