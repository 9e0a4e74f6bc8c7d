using Microsoft.Extensions.Logging;
using Router.Silo.Diagnostics;

namespace Router.Silo.Storage;

/// <summary>The grain storage providers' log messages.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 1600, EventName = nameof(SiloEventIds.StorageInitialized), Level = LogLevel.Information, Message = "Grain storage {StorageName} ({Provider}) is ready at {Location}")]
    public static partial void StorageInitialized(ILogger logger, string storageName, string provider, string location);

    [LoggerMessage(EventId = 1601, EventName = nameof(SiloEventIds.WriteConflict), Level = LogLevel.Debug, Message = "Grain storage {StorageName} refused a write of {StateName} for {GrainId}: stored ETag {StoredEtag}, expected {ExpectedEtag}")]
    public static partial void WriteConflict(ILogger logger, string storageName, string grainId, string stateName, string? storedEtag, string? expectedEtag);

    [LoggerMessage(EventId = 1602, EventName = nameof(SiloEventIds.ClearConflict), Level = LogLevel.Debug, Message = "Grain storage {StorageName} refused a clear of {StateName} for {GrainId}: stored ETag {StoredEtag}, expected {ExpectedEtag}")]
    public static partial void ClearConflict(ILogger logger, string storageName, string grainId, string stateName, string? storedEtag, string? expectedEtag);

    [LoggerMessage(EventId = 1603, EventName = nameof(SiloEventIds.DatabaseDirectoryCreated), Level = LogLevel.Information, Message = "Grain storage {StorageName} created the database directory {Directory}")]
    public static partial void DatabaseDirectoryCreated(ILogger logger, string storageName, string directory);
}
