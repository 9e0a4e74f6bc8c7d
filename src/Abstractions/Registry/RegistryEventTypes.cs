namespace Router.Abstractions.Registry;

/// <summary>The dotted types of registry events.</summary>
public static class RegistryEventTypes
{
    /// <summary>An instance registered (or re-registered with changes). Data: the instance.</summary>
    public const string InstanceRegistered = "instance.registered";

    /// <summary>An instance confirmed its lease, or recovered. Data: the instance.</summary>
    public const string InstanceHealthy = "instance.healthy";

    /// <summary>An instance missed two heartbeat intervals. Data: the instance.</summary>
    public const string InstanceUnhealthy = "instance.unhealthy";

    /// <summary>An instance started draining. Data: the instance.</summary>
    public const string InstanceDraining = "instance.draining";

    /// <summary>An instance deregistered. Data: the instance as it was.</summary>
    public const string InstanceDeregistered = "instance.deregistered";

    /// <summary>An instance's lease expired (three heartbeat intervals). Data: the instance as it was.</summary>
    public const string InstanceExpired = "instance.expired";

    /// <summary>An instance's connection lease closed. Data: the instance as it was.</summary>
    public const string InstanceDisconnected = "instance.disconnected";

    /// <summary>An instance re-registered with different tools. Data: <see cref="ToolsChangedData"/>.</summary>
    public const string ToolsChanged = "tools.changed";
}
