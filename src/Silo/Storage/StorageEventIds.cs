using Microsoft.Extensions.Logging;

namespace Router.Silo.Storage;

/// <summary>Every event id the grain storage providers log with, in one list (range 1600–1699).</summary>
internal static class StorageEventIds
{
    public static readonly EventId StorageInitialized = new(1600, nameof(StorageInitialized));
    public static readonly EventId WriteConflict = new(1601, nameof(WriteConflict));
    public static readonly EventId ClearConflict = new(1602, nameof(ClearConflict));
    public static readonly EventId DatabaseDirectoryCreated = new(1603, nameof(DatabaseDirectoryCreated));
}
