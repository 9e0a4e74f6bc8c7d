namespace Router.Abstractions.Routing;

/// <summary>The dotted types of the events MCP instances publish.</summary>
public static class RoutingEventTypes
{
    /// <summary>An MCP instance (one server version on one node) was activated by a call. Data: <c>{ "node", "replicas" }</c>.</summary>
    public const string ActivationActivated = "activation.activated";

    /// <summary>An MCP instance was deactivated (idle, or the node stopping). Data: <c>{ "node", "reason" }</c>.</summary>
    public const string ActivationDeactivated = "activation.deactivated";
}
