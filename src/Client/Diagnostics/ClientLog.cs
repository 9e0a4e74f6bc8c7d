using Microsoft.Extensions.Logging;

namespace Router.Client.Diagnostics;

/// <summary>Router.Client's log messages.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = ClientEventIds.Registered, EventName = nameof(ClientEventIds.Registered), Level = LogLevel.Information,
        Message = "Registered {McpId} {Version} as instance {InstanceId} at {RouterUrl} (endpoint {Endpoint}, lease TTL {LeaseTtlSeconds} s)")]
    public static partial void Registered(ILogger logger, string mcpId, string version, string instanceId, Uri routerUrl, Uri endpoint, int leaseTtlSeconds);

    [LoggerMessage(EventId = ClientEventIds.RegistrationFailed, EventName = nameof(ClientEventIds.RegistrationFailed), Level = LogLevel.Warning,
        Message = "Talking to the router at {RouterUrl} for {McpId} failed (attempt {Attempt}): {Reason}; registering again in {DelaySeconds:0.0} s")]
    public static partial void RegistrationFailed(ILogger logger, Uri routerUrl, string mcpId, int attempt, string reason, double delaySeconds);

    [LoggerMessage(EventId = ClientEventIds.RegistrationFailedUnexpectedly, EventName = nameof(ClientEventIds.RegistrationFailedUnexpectedly), Level = LogLevel.Error,
        Message = "Registering {McpId} with the router at {RouterUrl} failed unexpectedly (attempt {Attempt}); registering again in {DelaySeconds:0.0} s")]
    public static partial void RegistrationFailedUnexpectedly(ILogger logger, Uri routerUrl, string mcpId, int attempt, double delaySeconds, Exception exception);

    [LoggerMessage(EventId = ClientEventIds.InstanceUnknown, EventName = nameof(ClientEventIds.InstanceUnknown), Level = LogLevel.Information,
        Message = "The router no longer knows instance {InstanceId} of {McpId} (it expired or the router lost it); registering again")]
    public static partial void InstanceUnknown(ILogger logger, string mcpId, string instanceId);

    [LoggerMessage(EventId = ClientEventIds.LeaseOpened, EventName = nameof(ClientEventIds.LeaseOpened), Level = LogLevel.Information,
        Message = "Connection lease of instance {InstanceId} is open (router keep-alive every {KeepAliveSeconds} s)")]
    public static partial void LeaseOpened(ILogger logger, string instanceId, int keepAliveSeconds);

    [LoggerMessage(EventId = ClientEventIds.LeaseClosed, EventName = nameof(ClientEventIds.LeaseClosed), Level = LogLevel.Information,
        Message = "Connection lease of instance {InstanceId} closed; registering again")]
    public static partial void LeaseClosed(ILogger logger, string instanceId);

    [LoggerMessage(EventId = ClientEventIds.LeaseFailed, EventName = nameof(ClientEventIds.LeaseFailed), Level = LogLevel.Information,
        Message = "Connection lease of instance {InstanceId} broke ({Reason}); registering again")]
    public static partial void LeaseFailed(ILogger logger, string instanceId, string reason);

    [LoggerMessage(EventId = ClientEventIds.LeaseIdle, EventName = nameof(ClientEventIds.LeaseIdle), Level = LogLevel.Warning,
        Message = "Connection lease of instance {InstanceId} sent nothing for {IdleTimeout}; assuming the connection is dead and reopening it")]
    public static partial void LeaseIdle(ILogger logger, string instanceId, TimeSpan idleTimeout);

    [LoggerMessage(EventId = ClientEventIds.Deregistered, EventName = nameof(ClientEventIds.Deregistered), Level = LogLevel.Information,
        Message = "Deregistered instance {InstanceId} of {McpId}")]
    public static partial void Deregistered(ILogger logger, string mcpId, string instanceId);

    [LoggerMessage(EventId = ClientEventIds.DeregisterFailed, EventName = nameof(ClientEventIds.DeregisterFailed), Level = LogLevel.Warning,
        Message = "Could not deregister instance {InstanceId} of {McpId} ({Reason}); the router will expire it")]
    public static partial void DeregisterFailed(ILogger logger, string mcpId, string instanceId, string reason);

    [LoggerMessage(EventId = ClientEventIds.DeregisterSkipped, EventName = nameof(ClientEventIds.DeregisterSkipped), Level = LogLevel.Debug,
        Message = "{McpId} was never registered; nothing to deregister")]
    public static partial void DeregisterSkipped(ILogger logger, string mcpId);

    [LoggerMessage(EventId = ClientEventIds.EndpointUnresolved, EventName = nameof(ClientEventIds.EndpointUnresolved), Level = LogLevel.Error,
        Message = "Cannot register {McpId}: its endpoint cannot be resolved; the server will not be registered")]
    public static partial void EndpointUnresolved(ILogger logger, string mcpId, Exception exception);

    [LoggerMessage(EventId = ClientEventIds.StateChangedHandlerFailed, EventName = nameof(ClientEventIds.StateChangedHandlerFailed), Level = LogLevel.Warning,
        Message = "A StateChanged handler of the router registration threw; ignoring it")]
    public static partial void StateChangedHandlerFailed(ILogger logger, Exception exception);
}
