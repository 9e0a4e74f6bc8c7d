using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Router.Silo.Messaging;

/// <summary>
/// The silo's internal port: a Kestrel server of its own, apart from the node's public pipeline, speaking HTTP/2
/// without TLS and serving the grain calls of other silos (<see cref="RemoteCallProtocol"/>) and the node's
/// <see cref="ISiloInternalRoutes"/>. Like Orleans' silo port it has no authentication: keep it reachable by the
/// cluster's nodes alone.
/// </summary>
internal sealed class SiloInternalEndpoint(
    SiloRuntime runtime, IPEndPoint endpoint, IEnumerable<ISiloInternalRoutes> routes, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();

        // None of the node's configuration: its Kestrel endpoints, urls or ports would be bound a second time here.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endpoint, listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.MapSiloRemoteCalls(runtime);
        foreach (var route in routes)
        {
            route.Map(app);
        }

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
