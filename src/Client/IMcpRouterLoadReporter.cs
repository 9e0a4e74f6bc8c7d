namespace Router.Client;

/// <summary>
/// Reports the server's current load, sent with every heartbeat so the router can balance by least outstanding
/// requests. Register an implementation in the service collection to enable it; without one heartbeats carry no body.
/// </summary>
public interface IMcpRouterLoadReporter
{
    /// <summary>Returns the load now. Called once per heartbeat, so it should be cheap and must not block.</summary>
    /// <returns>The current load.</returns>
    McpRouterLoad GetLoad();
}
