using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Router.Gateway.Mcp;
using Router.Gateway.Options;
using Router.Gateway.Routing;
using Router.Gateway.Security;
using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Mcp;

/// <summary>
/// A tiny in-process app on a real loopback socket that maps the MCP endpoints for one server, <c>echo</c>, whose one
/// tool is also named <c>echo</c>; any other MCP id is served by nobody (404). Given API keys, the endpoints sit behind
/// the router's access check for the <c>call</c> scope, as the agent endpoints do.
/// </summary>
internal sealed class McpTestHost : IAsyncDisposable
{
    public const string ServerName = "router-tests-echo";
    public const string StreamablePattern = "/v1/mcp/app/{mcpId}/mcp";
    public const string SsePattern = "/v1/mcp/app/{mcpId}/sse";
    public const string MessagePattern = "/v1/mcp/app/{mcpId}/message";

    private McpTestHost(WebApplication app, Uri baseAddress, LogRecorder logs)
    {
        App = app;
        BaseAddress = baseAddress;
        Logs = logs;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public LogRecorder Logs { get; }

    public HttpClient Client { get; }

    public McpSessionStore Sessions => App.Services.GetRequiredService<McpSessionStore>();

    public Uri StreamableEndpoint(string mcpId = "echo") => new(BaseAddress, $"/v1/mcp/app/{mcpId}/mcp");

    public Uri SseEndpoint(string mcpId = "echo") => new(BaseAddress, $"/v1/mcp/app/{mcpId}/sse");

    public static async Task<McpTestHost> StartAsync(
        TimeProvider? timeProvider = null, Action<McpHostingOptions>? configure = null, IReadOnlyList<ApiKeyOptions>? keys = null)
    {
        var logs = new LogRecorder();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(logs).AddFilter<LogRecorder>(category: null, LogLevel.Debug);
        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        builder.Services.AddMcpHosting();
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        if (keys is not null)
        {
            builder.Services.Configure<AuthOptions>(o => o.Keys = [.. keys]);
            builder.Services.AddSingleton<ApiKeyStore>();
        }

        var app = builder.Build();
        var streamable = app.MapMcpEndpoint(StreamablePattern, ServerOptionsAsync);
        var sse = app.MapMcpSseEndpoint(SsePattern, MessagePattern, ServerOptionsAsync);
        if (keys is not null)
        {
            streamable.RequireRouterAccess(ApiKeyScopes.Call);
            sse.RequireRouterAccess(ApiKeyScopes.Call);
        }

        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new McpTestHost(app, new Uri(address), logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>The MCP id whose server factory throws, as one whose backing store is down would.</summary>
    public const string BrokenMcpId = "broken";

    private static ValueTask<McpServerOptions?> ServerOptionsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (string.Equals(context.Request.RouteValues["mcpId"] as string, BrokenMcpId, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The test's server store is down.");
        }

        if (!string.Equals(context.Request.RouteValues["mcpId"] as string, "echo", StringComparison.Ordinal))
        {
            return ValueTask.FromResult<McpServerOptions?>(null);
        }

        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = ServerName, Version = "1.0.0" },
            ToolCollection = [McpServerTool.Create((string message) => message, new McpServerToolCreateOptions { Name = "echo", Description = "Echoes the message." })],
        };
        return ValueTask.FromResult<McpServerOptions?>(options);
    }
}
