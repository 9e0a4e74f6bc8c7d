using Microsoft.AspNetCore.Routing;

namespace Router.Silo.Messaging;

/// <summary>
/// Routes the silo's internal port serves besides other silos' grain calls, registered in the node's services (e.g.
/// the gateway's forwarding of MCP sessions to the node that holds them). The internal port's server has services of its
/// own, none of the node's: a route's handlers use what the implementation was given from the node's container, never
/// the request's <c>RequestServices</c>. Like the grain calls, these routes are unauthenticated: the port must stay
/// reachable by the cluster's nodes alone.
/// </summary>
public interface ISiloInternalRoutes
{
    /// <summary>Maps the routes on the internal port's server, once, when it starts.</summary>
    /// <param name="endpoints">The internal port's endpoints.</param>
    void Map(IEndpointRouteBuilder endpoints);
}
