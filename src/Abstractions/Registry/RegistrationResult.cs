namespace Router.Abstractions.Registry;

/// <summary>The outcome of a registration.</summary>
/// <param name="InstanceId">The instance id.</param>
/// <param name="LeaseTtlSeconds">How long the registration lives without a heartbeat: three intervals.</param>
/// <param name="HeartbeatIntervalSeconds">The agreed heartbeat interval.</param>
/// <param name="Created">False when an existing registration was updated.</param>
public sealed record RegistrationResult(string InstanceId, int LeaseTtlSeconds, int HeartbeatIntervalSeconds, bool Created);
