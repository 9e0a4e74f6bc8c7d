using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;

namespace Router.Gateway.Health;

/// <summary>
/// Maps the health endpoints: <c>/health/live</c> (200 while the process answers), <c>/health/ready</c> (200 once the
/// silo runs and its storage answers, 503 otherwise) and <c>/health</c> (the same as ready).
/// </summary>
internal static class RouterHealthEndpoints
{
    public static IEndpointRouteBuilder MapRouterHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var live = new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(RouterHealthChecks.LiveTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        };
        var ready = new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(RouterHealthChecks.ReadyTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        };
        endpoints.MapHealthChecks("/health/live", live);
        endpoints.MapHealthChecks("/health/ready", ready);
        endpoints.MapHealthChecks("/health", ready);
        return endpoints;
    }
}
