namespace Router.Grains.Upstream;

/// <summary>What a finished call says about its replica's health.</summary>
internal enum CallOutcome
{
    /// <summary>The replica answered (a result or a JSON-RPC error).</summary>
    Answered,

    /// <summary>The replica could not be reached, timed out or broke the session.</summary>
    Failed,

    /// <summary>The caller cancelled: nothing is known about the replica.</summary>
    NoVerdict,
}
