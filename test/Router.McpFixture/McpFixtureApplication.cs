using Microsoft.AspNetCore.Hosting;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Router.McpFixture.Mcp;
using Router.Samples.WeatherServer.Mcp;

namespace Router.McpFixture;

/// <summary>Composes the fixture: an MCP endpoint at <c>/mcp</c>, listening on loopback only.</summary>
internal static class McpFixtureApplication
{
    /// <summary>Where the fixture listens unless <c>--urls</c> says otherwise: a free loopback port.</summary>
    public const string DefaultUrls = "http://127.0.0.1:0";

    /// <summary>The start of the line written to standard output for each bound address.</summary>
    public const string ListeningPrefix = "listening on ";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrEmpty(urls))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }
        else
        {
            LoopbackUrls.EnsureLoopback(urls);
        }

        // The parent process reads standard output for the listening line; per-request log lines would only bury it.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<InFlightRequests>();
        // Built once, as an SDK-hosted server builds its primitives at start-up: the endpoint creates a server per request,
        // and generating the schemas by reflection on every request made the fixture an unrealistically slow upstream.
        var tools = FixtureTools.Create();
        var greeting = FixturePrompts.Greeting();
        var readme = FixtureResources.Readme();
        builder.Services.AddOptions<McpServerOptions>().Configure(mcp =>
        {
            mcp.ServerInfo = new Implementation { Name = "router-mcp-fixture", Version = "1.0.0" };
            mcp.ToolCollection = [.. tools];
            mcp.PromptCollection = [greeting];
            mcp.ResourceCollection = [readme];
        });

        var app = builder.Build();
        app.MapStatelessMcp("/mcp");
        return app;
    }
}
