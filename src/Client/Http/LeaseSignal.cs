namespace Router.Client.Http;

/// <summary>One thing read from a connection lease.</summary>
/// <param name="Kind">What it was.</param>
/// <param name="Grant">The grant, for <see cref="LeaseSignalKind.Granted"/>.</param>
internal readonly record struct LeaseSignal(LeaseSignalKind Kind, LeaseGrant? Grant = null);
