using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Router.Gateway.Security;

namespace Router.Gateway.Routing;

/// <summary>
/// Puts streaming endpoints (plain request delegates, which endpoint filters do not run on) behind the same API key check
/// as <see cref="RouterAccessEndpointExtensions.RequireRouterScope"/>.
/// </summary>
internal static class RoutingAccessConventions
{
    public static TBuilder RequireRouterAccess<TBuilder>(this TBuilder builder, ApiKeyScopes scope)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(endpoint =>
        {
            if (endpoint.RequestDelegate is not { } inner)
            {
                return;
            }

            var services = endpoint.ApplicationServices;
            var filter = new RouterAccessFilter(
                services.GetRequiredService<ApiKeyStore>(), scope, services.GetRequiredService<ILogger<RouterAccessFilter>>());
            endpoint.RequestDelegate = async context =>
            {
                var verdict = await filter.InvokeAsync(
                    new DefaultEndpointFilterInvocationContext(context),
                    static _ => ValueTask.FromResult<object?>(null)).ConfigureAwait(false);
                if (verdict is IResult rejection)
                {
                    await rejection.ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                await inner(context).ConfigureAwait(false);
            };
        });
        return builder;
    }
}
