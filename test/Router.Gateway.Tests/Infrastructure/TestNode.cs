using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Router.Gateway.Hosting;

namespace Router.Gateway.Tests.Infrastructure;

/// <summary>
/// A router node started in this process exactly as <c>Program.cs</c> composes it, on a real loopback socket
/// (port 0 unless the settings name a URL), with an <see cref="HttpClient"/> pointed at it.
/// </summary>
internal sealed class TestNode : IAsyncDisposable
{
    private TestNode(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>
    /// The arguments a node gets: command-line style <c>key=value</c> settings, plus a loopback port-0 URL unless
    /// <c>urls</c> is given, and a free internal port for cluster nodes unless one is given (nodes of parallel tests
    /// would otherwise all take the default).
    /// </summary>
    public static string[] Arguments(params string[] settings)
    {
        var arguments = new List<string> { "--Logging:LogLevel:Default=Warning" };
        if (!settings.Any(s => s.StartsWith("urls=", StringComparison.OrdinalIgnoreCase)))
        {
            arguments.Add("--urls=http://127.0.0.1:0");
        }

        if (settings.Any(s => s.Equals("Router:Storage:Provider=postgres", StringComparison.OrdinalIgnoreCase))
            && !settings.Any(s => s.StartsWith("Router:Cluster:InternalPort=", StringComparison.OrdinalIgnoreCase)))
        {
            arguments.Add($"--Router:Cluster:InternalPort={FreePort.Next()}");
        }

        arguments.AddRange(settings.Select(s => "--" + s));
        return [.. arguments];
    }

    /// <summary>Builds the node without starting it.</summary>
    public static WebApplication Build(params string[] settings) => Build(configure: null, settings);

    /// <summary>Builds the node without starting it, letting <paramref name="configure"/> adjust the builder first (e.g. add a logger provider).</summary>
    public static WebApplication Build(Action<WebApplicationBuilder>? configure, params string[] settings)
    {
        var builder = RouterNode.CreateBuilder(Arguments(settings));
        configure?.Invoke(builder);
        return RouterNode.Build(builder);
    }

    /// <summary>Builds and starts a node; settings are <c>key=value</c>, e.g. <c>Router:Storage:Provider=memory</c>.</summary>
    public static Task<TestNode> StartAsync(params string[] settings) => StartAsync(configure: null, settings);

    /// <summary>Builds and starts a node whose log entries <paramref name="logs"/> records (at every level).</summary>
    public static Task<TestNode> StartAsync(LogRecorder logs, params string[] settings) =>
        StartAsync(
            builder => builder.Logging.AddProvider(logs).AddFilter<LogRecorder>(category: null, LogLevel.Trace),
            settings);

    /// <summary>Builds (adjusted by <paramref name="configure"/>) and starts a node.</summary>
    public static async Task<TestNode> StartAsync(Action<WebApplicationBuilder>? configure, params string[] settings)
    {
        var app = Build(configure, settings);
        try
        {
            await app.StartAsync();
            var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            return new TestNode(app, new Uri(addresses.Single()));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
