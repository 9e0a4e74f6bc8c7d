using Microsoft.Extensions.Logging;

namespace Router.Silo.Diagnostics;

/// <summary>The silo's log messages.</summary>
internal static partial class SiloLog
{
    [LoggerMessage(EventId = 1000, EventName = nameof(SiloEventIds.SiloStarting), Level = LogLevel.Information, Message = "Silo starting with {GrainClassCount} grain classes and {StorageCount} storage providers")]
    public static partial void SiloStarting(ILogger logger, int grainClassCount, int storageCount);

    [LoggerMessage(EventId = 1001, EventName = nameof(SiloEventIds.SiloStarted), Level = LogLevel.Information, Message = "Silo started in {ElapsedMilliseconds} ms")]
    public static partial void SiloStarted(ILogger logger, double elapsedMilliseconds);

    [LoggerMessage(EventId = 1002, EventName = nameof(SiloEventIds.SiloStopping), Level = LogLevel.Information, Message = "Silo stopping: deactivating {ActivationCount} activations")]
    public static partial void SiloStopping(ILogger logger, int activationCount);

    [LoggerMessage(EventId = 1003, EventName = nameof(SiloEventIds.SiloStopped), Level = LogLevel.Information, Message = "Silo stopped")]
    public static partial void SiloStopped(ILogger logger);

    [LoggerMessage(EventId = 1100, EventName = nameof(SiloEventIds.ActivationFailed), Level = LogLevel.Warning, Message = "Activation of {GrainId} failed")]
    public static partial void ActivationFailed(ILogger logger, Exception exception, string grainId);

    [LoggerMessage(EventId = 1101, EventName = nameof(SiloEventIds.DeactivationFailed), Level = LogLevel.Warning, Message = "OnDeactivateAsync of {GrainId} failed")]
    public static partial void DeactivationFailed(ILogger logger, Exception exception, string grainId);

    [LoggerMessage(EventId = 1102, EventName = nameof(SiloEventIds.StateWriteOnDeactivationFailed), Level = LogLevel.Error, Message = "Writing state {StateName} of {GrainId} on deactivation failed")]
    public static partial void StateWriteOnDeactivationFailed(ILogger logger, Exception exception, string grainId, string stateName);

    [LoggerMessage(EventId = 1103, EventName = nameof(SiloEventIds.InconsistentState), Level = LogLevel.Warning, Message = "Activation of {GrainId} holds stale state and is deactivated")]
    public static partial void InconsistentState(ILogger logger, string grainId);

    [LoggerMessage(EventId = 1104, EventName = nameof(SiloEventIds.WorkItemFailed), Level = LogLevel.Error, Message = "A work item of {GrainId} threw")]
    public static partial void WorkItemFailed(ILogger logger, Exception exception, string grainId);

    [LoggerMessage(EventId = 1105, EventName = nameof(SiloEventIds.TimerTickFailed), Level = LogLevel.Warning, Message = "A timer tick of {GrainId} failed")]
    public static partial void TimerTickFailed(ILogger logger, Exception exception, string grainId);

    [LoggerMessage(EventId = 1106, EventName = nameof(SiloEventIds.CallTimedOut), Level = LogLevel.Warning, Message = "A call to {Method} on {GrainId} waited past the response timeout")]
    public static partial void CallTimedOut(ILogger logger, string method, string grainId);

    [LoggerMessage(EventId = 1107, EventName = nameof(SiloEventIds.Deactivated), Level = LogLevel.Debug, Message = "Deactivated {GrainId}: {ReasonCode} ({ReasonDescription})")]
    public static partial void Deactivated(ILogger logger, string grainId, Router.Abstractions.Grains.DeactivationReasonCode reasonCode, string reasonDescription);

    [LoggerMessage(EventId = 1200, EventName = nameof(SiloEventIds.IdleCollection), Level = LogLevel.Debug, Message = "Idle collection deactivates {Count} activations")]
    public static partial void IdleCollection(ILogger logger, int count);

    [LoggerMessage(EventId = 1201, EventName = nameof(SiloEventIds.CapacityEviction), Level = LogLevel.Information, Message = "Activation cap {Cap} exceeded: evicting {Count} idle activations")]
    public static partial void CapacityEviction(ILogger logger, int cap, int count);
}
