using Microsoft.AspNetCore.Hosting;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Router.Client;
using Router.Samples.WeatherServer.Mcp;

namespace Router.Samples.WeatherServer;

/// <summary>Composes the sample: an MCP endpoint at <c>/mcp</c> and its registration with the router.</summary>
internal static class WeatherServerApplication
{
    /// <summary>Where the sample listens unless <c>--urls</c> (or <c>ASPNETCORE_URLS</c>) says otherwise.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5070";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        // Router.Client's own log lines say what the registration does; the HttpClient's per-request lines are noise here.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        var tools = WeatherTools.Create();
        builder.Services.AddOptions<McpServerOptions>().Configure(mcp =>
        {
            mcp.ServerInfo = new Implementation { Name = "weather", Version = "1.0.0" };
            mcp.ToolCollection = [.. tools];
        });

        // Defaults first, then the McpRouter section overrides them: --McpRouter:RouterUrl=http://127.0.0.1:9090.
        builder.Services
            .AddMcpRouterRegistration(router =>
            {
                router.RouterUrl = new Uri("http://127.0.0.1:8080");
                router.McpId = "weather";
                router.Version = "1.0.0";
                // A path: announced as the address Kestrel actually listens on, plus /mcp.
                router.Endpoint = new Uri("/mcp", UriKind.Relative);
                router.Tools = [.. tools.Select(tool => new McpRouterTool
                {
                    Name = tool.ProtocolTool.Name,
                    Description = tool.ProtocolTool.Description,
                    InputSchema = tool.ProtocolTool.InputSchema,
                })];
            })
            .BindConfiguration(McpRouterRegistrationOptions.SectionName);

        builder.Services.AddSingleton<InFlightRequests>();
        var app = builder.Build();
        app.MapStatelessMcp("/mcp");
        return app;
    }
}
