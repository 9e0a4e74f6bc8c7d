namespace Router.Gateway.Diagnostics;

/// <summary>
/// Every event id the gateway logs with, in one list (range 3000–3299: 3000–3099 the node, 3100–3299 its APIs; the
/// silo uses 1000–1999, the grains 2000–2999). Constants, so <c>[LoggerMessage]</c> attributes can name them.
/// </summary>
internal static class GatewayEventIds
{
    public const int NodeStarted = 3000;
    public const int NodeStopping = 3001;
    public const int StorageUnreachable = 3010;
    public const int StorageReachable = 3011;

    public const int StartupFailed = 3100;

    public const int RequestUnauthenticated = 3110;
    public const int RequestForbidden = 3111;
    public const int NonLoopbackClientRejected = 3112;

    public const int LeaseOpened = 3130;
    public const int LeaseClosed = 3131;
    public const int LeaseReleased = 3132;
    public const int LeaseEndFailed = 3133;
    public const int RequestFailed = 3134;
    public const int RegistryUnavailable = 3135;

    public const int EventFeedStarted = 3150;
    public const int EventFeedReadFailed = 3151;
    public const int EventFeedSkipped = 3152;
    public const int SubscriberConnected = 3160;
    public const int SubscriberDisconnected = 3161;
    public const int SubscriberCutForLag = 3162;
    public const int SubscriberCutForWriteTimeout = 3163;
    public const int SubscriberReset = 3164;
    public const int SubscriberFailed = 3165;

    public const int RegistryRecoveryCompleted = 3200;
    public const int RegistryRecoveryFailed = 3201;
    public const int RegistryGrainRecoveryFailed = 3202;

    /// <summary>
    /// The MCP hosting layer's ids (range 3300–3399), nested so the node and API list above keeps its 3000–3299 range.
    /// </summary>
    internal static class McpHosting
    {
        public const int SessionStarted = 3300;
        public const int SessionEnded = 3301;
        public const int SessionIdleExpired = 3302;
        public const int SessionLimitReached = 3303;
        public const int SessionRunFailed = 3304;
        public const int StatelessRequestServed = 3310;
        public const int SseSessionStarted = 3320;
        public const int SseSessionEnded = 3321;
        public const int RequestRejected = 3330;
        public const int OriginRejected = 3331;
        public const int HostRejected = 3332;
        public const int SessionOwnerMismatch = 3333;
        public const int ServerFactoryFailed = 3334;
        public const int DirectAnswerFailed = 3335;
    }

    /// <summary>The routing layer's ids (range 3400–3499): agent sessions, the tool catalog, the routing table and registry-driven refreshes.</summary>
    internal static class Routing
    {
        public const int CatalogServerSkipped = 3400;
        public const int RoutingEventsFailed = 3401;
        public const int RoutingEventsBehind = 3402;
        public const int AgentNotifyFailed = 3403;
        public const int RoutingTableLoaded = 3404;
        public const int RoutingEventUnreadable = 3405;
        public const int RoutingEventsReadFailed = 3406;
    }

    /// <summary>
    /// MCP sessions across cluster nodes (range 3500–3599): requests handed to the node that holds their session, and
    /// taken from other nodes.
    /// </summary>
    internal static class SessionForwarding
    {
        public const int OwnerNotActive = 3500;
        public const int OwnerUnreachable = 3501;
        public const int OwnerFenced = 3502;
        public const int ForwardBrokeOff = 3503;
        public const int ForwardedWhileFenced = 3510;
        public const int ForwardedToNoEndpoint = 3511;
    }
}
