using Microsoft.Extensions.Logging;
using Router.Client;

namespace Router.Registrar.Diagnostics;

/// <summary>The registrar's log messages.</summary>
internal static partial class RegistrarLog
{
    [LoggerMessage(EventId = RegistrarEventIds.Starting, EventName = nameof(RegistrarEventIds.Starting), Level = LogLevel.Information,
        Message = "Announcing {McpId} {Version} at {Endpoint} ({Transport}) to the router at {RouterUrl}, kept alive by {LeaseMode}")]
    public static partial void Starting(
        ILogger logger, string mcpId, string version, Uri endpoint, McpRouterTransport transport, Uri routerUrl, McpRouterLeaseMode leaseMode);
}
