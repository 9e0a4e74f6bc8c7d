namespace Router.Client.Diagnostics;

/// <summary>
/// Every event id Router.Client logs with, in one list (range 4000–4099; the silo uses 1000–1999, the grains
/// 2000–2999, the gateway 3000–3099). Constants, so <c>[LoggerMessage]</c> attributes can name them.
/// </summary>
internal static class ClientEventIds
{
    public const int Registered = 4000;
    public const int RegistrationFailed = 4001;
    public const int InstanceUnknown = 4002;
    public const int RegistrationFailedUnexpectedly = 4003;
    public const int LeaseOpened = 4010;
    public const int LeaseClosed = 4011;
    public const int LeaseFailed = 4012;
    public const int LeaseIdle = 4013;
    public const int Deregistered = 4020;
    public const int DeregisterFailed = 4021;
    public const int DeregisterSkipped = 4022;
    public const int EndpointUnresolved = 4030;
    public const int StateChangedHandlerFailed = 4031;
}
