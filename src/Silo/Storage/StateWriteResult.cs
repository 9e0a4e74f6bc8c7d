namespace Router.Silo.Storage;

/// <summary>The outcome of a state write that may also have appended events.</summary>
/// <param name="Etag">The new ETag of the state record.</param>
/// <param name="FirstSequence">The sequence number of the first appended event, or 0 when none was appended.</param>
public sealed record StateWriteResult(string Etag, long FirstSequence);
