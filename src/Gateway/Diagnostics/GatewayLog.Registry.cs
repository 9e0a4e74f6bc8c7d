using Microsoft.Extensions.Logging;

namespace Router.Gateway.Diagnostics;

/// <summary>Log messages of the registration API and start-up recovery.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = GatewayEventIds.LeaseOpened, EventName = nameof(GatewayEventIds.LeaseOpened), Level = LogLevel.Debug,
        Message = "Connection lease of {McpId}/{InstanceId} opened")]
    public static partial void LeaseOpened(ILogger logger, string mcpId, string instanceId);

    [LoggerMessage(EventId = GatewayEventIds.LeaseClosed, EventName = nameof(GatewayEventIds.LeaseClosed), Level = LogLevel.Debug,
        Message = "Connection lease of {McpId}/{InstanceId} closed by the server; the instance is disconnected")]
    public static partial void LeaseClosed(ILogger logger, string mcpId, string instanceId);

    [LoggerMessage(EventId = GatewayEventIds.LeaseReleased, EventName = nameof(GatewayEventIds.LeaseReleased), Level = LogLevel.Information,
        Message = "Connection lease of {McpId}/{InstanceId} released because the node is stopping; the instance keeps one lease TTL to reconnect")]
    public static partial void LeaseReleased(ILogger logger, string mcpId, string instanceId);

    [LoggerMessage(EventId = GatewayEventIds.LeaseEndFailed, EventName = nameof(GatewayEventIds.LeaseEndFailed), Level = LogLevel.Warning,
        Message = "Could not end the connection lease of {McpId}/{InstanceId}; its registry reloads its state and the lease TTL applies")]
    public static partial void LeaseEndFailed(ILogger logger, Exception exception, string mcpId, string instanceId);

    [LoggerMessage(EventId = GatewayEventIds.RequestFailed, EventName = nameof(GatewayEventIds.RequestFailed), Level = LogLevel.Error,
        Message = "{Method} {Path} failed")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = GatewayEventIds.RegistryUnavailable, EventName = nameof(GatewayEventIds.RegistryUnavailable), Level = LogLevel.Warning,
        Message = "{Method} {Path} answered 503: the registry's grain or storage did not complete the call")]
    public static partial void RegistryUnavailable(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = GatewayEventIds.RegistryRecoveryCompleted, EventName = nameof(GatewayEventIds.RegistryRecoveryCompleted), Level = LogLevel.Information,
        Message = "Registry recovery activated {Count} servers with persisted instances ({Failed} failed) in {ElapsedMilliseconds} ms")]
    public static partial void RegistryRecoveryCompleted(ILogger logger, int count, int failed, long elapsedMilliseconds);

    [LoggerMessage(EventId = GatewayEventIds.RegistryRecoveryFailed, EventName = nameof(GatewayEventIds.RegistryRecoveryFailed), Level = LogLevel.Warning,
        Message = "Registry recovery could not read the persisted registries; their instances expire when each server is next called")]
    public static partial void RegistryRecoveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = GatewayEventIds.RegistryGrainRecoveryFailed, EventName = nameof(GatewayEventIds.RegistryGrainRecoveryFailed), Level = LogLevel.Warning,
        Message = "Registry recovery could not activate the registry of {McpId}")]
    public static partial void RegistryGrainRecoveryFailed(ILogger logger, Exception exception, string mcpId);
}
