namespace Router.Gateway.Diagnostics;

/// <summary>
/// Every event id the gateway logs with, in one list (range 3000–3099; the silo uses 1000–1999). Constants, so
/// <c>[LoggerMessage]</c> attributes can name them.
/// </summary>
internal static class GatewayEventIds
{
    public const int NodeStarted = 3000;
    public const int NodeStopping = 3001;
    public const int StorageUnreachable = 3010;
    public const int StorageReachable = 3011;
}
