using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Router.Gateway.Diagnostics;
using Router.Gateway.Options;

namespace Router.Gateway.Hosting;

/// <summary>Logs when the node has started (with its bound addresses) and when it begins to stop.</summary>
internal sealed class NodeLifetimeLogger(
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<RouterOptions> options,
    ILogger<NodeLifetimeLogger> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(LogStarted);
        lifetime.ApplicationStopping.Register(() => GatewayLog.NodeStopping(logger));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void LogStarted()
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var provider = StorageProviderNames.Normalize(options.Value.Storage.Provider) ?? options.Value.Storage.Provider;
        using var process = Process.GetCurrentProcess();
        var sinceStart = (long)(DateTime.Now - process.StartTime).TotalMilliseconds;
        GatewayLog.NodeStarted(logger, string.Join(", ", addresses), provider, sinceStart);
    }
}
