using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Router.Gateway.Security;

/// <summary>Puts endpoints behind API key scopes.</summary>
internal static class RouterAccessEndpointExtensions
{
    /// <summary>Requires a key with <paramref name="scope"/> (or admin); for the register scope also one covering the route's <c>{mcpId}</c>.</summary>
    public static TBuilder RequireRouterScope<TBuilder>(this TBuilder builder, ApiKeyScopes scope)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var services = factory.ApplicationServices;
            var filter = new RouterAccessFilter(
                services.GetRequiredService<ApiKeyStore>(), scope, services.GetRequiredService<ILogger<RouterAccessFilter>>());
            return context => filter.InvokeAsync(context, next);
        });
        return builder;
    }

    /// <summary>The identity <see cref="RouterAccessFilter"/> authenticated for this request.</summary>
    public static ApiKeyIdentity RouterIdentity(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<ApiKeyIdentity>()
            ?? throw new InvalidOperationException("The endpoint has no RequireRouterScope filter.");
    }
}
