namespace Router.Silo.Activation;

/// <summary>How a request may overlap with others in one activation.</summary>
internal enum RequestKind
{
    /// <summary>Runs alone among non-interleaving requests.</summary>
    Exclusive,

    /// <summary>Overlaps with other read-only requests only.</summary>
    ReadOnly,

    /// <summary>Overlaps with anything (reentrant grain or [AlwaysInterleave] method, or an interleaving timer).</summary>
    Interleaved,
}
