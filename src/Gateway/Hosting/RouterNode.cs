using Microsoft.AspNetCore.Builder;
using Router.Gateway.Health;

namespace Router.Gateway.Hosting;

/// <summary>
/// The composition of a router node, shared by <c>Program.cs</c> and the tests that start the same application in
/// process.
/// </summary>
internal static class RouterNode
{
    /// <summary>Creates the application builder with the usual ASP.NET Core configuration sources.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args) => WebApplication.CreateBuilder(args);

    /// <summary>Adds the node's services to <paramref name="builder"/>, builds the application and maps its endpoints.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddRouterNode();
        var app = builder.Build();
        app.MapRouterHealth();
        return app;
    }
}
