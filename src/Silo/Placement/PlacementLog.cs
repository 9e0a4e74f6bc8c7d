using Microsoft.Extensions.Logging;
using Router.Silo.Diagnostics;

namespace Router.Silo.Placement;

/// <summary>The grain directory's and placement's log messages (event ids in <see cref="SiloEventIds"/>).</summary>
internal static partial class PlacementLog
{
    [LoggerMessage(EventId = 1800, EventName = nameof(SiloEventIds.DirectoryInitialized), Level = LogLevel.Debug, Message = "Grain directory ready")]
    public static partial void DirectoryInitialized(ILogger logger);

    [LoggerMessage(EventId = 1801, EventName = nameof(SiloEventIds.ActivationLostRace), Level = LogLevel.Debug, Message = "Activation of {GrainId} gives way to the one on silo {Owner}")]
    public static partial void ActivationLostRace(ILogger logger, string grainId, string owner);

    [LoggerMessage(EventId = 1802, EventName = nameof(SiloEventIds.DirectoryTakeover), Level = LogLevel.Information, Message = "Activation of {GrainId} takes over the directory entry of silo {Previous}")]
    public static partial void Takeover(ILogger logger, string grainId, string previous);

    [LoggerMessage(EventId = 1803, EventName = nameof(SiloEventIds.DirectoryUnregisterFailed), Level = LogLevel.Warning, Message = "The directory entry of {GrainId} could not be removed; a later activation replaces it")]
    public static partial void UnregisterFailed(ILogger logger, Exception exception, string grainId);

    [LoggerMessage(EventId = 1804, EventName = nameof(SiloEventIds.DeadSiloEntriesRemoved), Level = LogLevel.Information, Message = "Removed {Count} directory entries of dead silo {SiloId}")]
    public static partial void DeadSiloEntriesRemoved(ILogger logger, int count, string siloId);

    [LoggerMessage(EventId = 1805, EventName = nameof(SiloEventIds.DeadSiloEntriesFailed), Level = LogLevel.Warning, Message = "The directory entries of dead silo {SiloId} could not be removed; they are taken over one by one")]
    public static partial void DeadSiloEntriesFailed(ILogger logger, Exception exception, string siloId);
}
