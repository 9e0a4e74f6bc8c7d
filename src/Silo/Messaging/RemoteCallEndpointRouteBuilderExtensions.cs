using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Router.Silo.Messaging;

/// <summary>Maps the endpoint other silos send grain calls to.</summary>
public static class RemoteCallEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST /internal/v1/grain-calls</c>. It runs any grain method it is asked to, so map it only where other
    /// silos, and nobody else, can reach it (the silo's internal port), e.g. with <c>RequireHost("*:{port}")</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapSiloRemoteCalls(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapSiloRemoteCalls(endpoints.ServiceProvider.GetRequiredService<SiloRuntime>());
    }

    /// <summary>Maps the endpoint for the silo <paramref name="runtime"/> (hosted by another application's services).</summary>
    internal static IEndpointConventionBuilder MapSiloRemoteCalls(this IEndpointRouteBuilder endpoints, SiloRuntime runtime)
    {
        var handler = new RemoteCallHandler(runtime);
        return endpoints.MapPost(RemoteCallProtocol.Path, (RequestDelegate)handler.HandleAsync);
    }
}
