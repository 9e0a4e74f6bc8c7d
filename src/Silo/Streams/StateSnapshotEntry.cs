namespace Router.Silo.Streams;

/// <summary>One state record in a <see cref="StateSnapshot"/>.</summary>
/// <param name="GrainKey">The grain key.</param>
/// <param name="Payload">The UTF-8 JSON state.</param>
/// <param name="Etag">The record's ETag.</param>
public sealed record StateSnapshotEntry(string GrainKey, byte[] Payload, string Etag);
