namespace Router.Client.Tests.Fixtures;

/// <summary>The registry calls the fake router records.</summary>
internal enum RecordedCallKind
{
    Register,
    Heartbeat,
    LeaseOpened,
    LeaseEnded,
    Deregister,
}
