using Microsoft.AspNetCore.Builder;
using Router.Gateway.Events;
using Router.Gateway.Health;
using Router.Gateway.Registry;
using Router.Gateway.Routing;
using Router.Gateway.Security;

namespace Router.Gateway.Hosting;

/// <summary>The node's request pipeline and endpoints.</summary>
internal static class RouterNodeApplicationExtensions
{
    public static WebApplication UseRouterNode(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();

        // Answers without a body (an unknown path, a wrong method) become problem details too.
        app.UseStatusCodePages();
        app.UseMiddleware<LoopbackOnlyMiddleware>();
        app.MapRouterHealth();
        app.MapRegistryApi();
        app.MapEventsApi();
        app.MapRoutingApi();
        return app;
    }
}
