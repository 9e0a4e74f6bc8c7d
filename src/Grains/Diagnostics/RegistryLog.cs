using Microsoft.Extensions.Logging;

namespace Router.Grains.Diagnostics;

/// <summary>The connection registry's log messages.</summary>
internal static partial class RegistryLog
{
    [LoggerMessage(EventId = 2000, EventName = nameof(GrainsEventIds.InstanceRegistered), Level = LogLevel.Information, Message = "Registered {McpId}/{InstanceId} version {Version} at {Endpoint}")]
    public static partial void InstanceRegistered(ILogger logger, string mcpId, string instanceId, string version, string endpoint);

    [LoggerMessage(EventId = 2001, EventName = nameof(GrainsEventIds.InstanceRemoved), Level = LogLevel.Information, Message = "Removed {McpId}/{InstanceId}: {EventType}")]
    public static partial void InstanceRemoved(ILogger logger, string mcpId, string instanceId, string eventType);

    [LoggerMessage(EventId = 2002, EventName = nameof(GrainsEventIds.InstanceStatusChanged), Level = LogLevel.Debug, Message = "{McpId}/{InstanceId} is now {Status}")]
    public static partial void InstanceStatusChanged(ILogger logger, string mcpId, string instanceId, string status);

    [LoggerMessage(EventId = 2003, EventName = nameof(GrainsEventIds.RegistryRecovered), Level = LogLevel.Information, Message = "Registry {McpId} activated with {Count} instances; each gets a fresh lease before anything expires")]
    public static partial void RegistryRecovered(ILogger logger, string mcpId, int count);
}
