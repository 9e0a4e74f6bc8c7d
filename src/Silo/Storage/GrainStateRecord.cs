namespace Router.Silo.Storage;

/// <summary>A stored grain state: its JSON payload and ETag.</summary>
/// <param name="Payload">The UTF-8 JSON payload.</param>
/// <param name="Etag">The ETag of this version.</param>
public sealed record GrainStateRecord(byte[] Payload, string Etag);
