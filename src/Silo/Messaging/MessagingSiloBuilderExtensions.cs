using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Router.Silo.Hosting;

namespace Router.Silo.Messaging;

/// <summary>Lets a silo take grain calls from the other silos of its cluster.</summary>
public static class MessagingSiloBuilderExtensions
{
    /// <summary>
    /// Serves other silos' grain calls on <paramref name="endpoint"/> (HTTP/2 without TLS, a server of its own). Keep the
    /// port reachable by the cluster's nodes alone: like Orleans' silo port, it has no authentication. The
    /// <see cref="ISiloInternalRoutes"/> registered in the node's services are served there too.
    /// </summary>
    public static ISiloBuilder AddSiloInternalEndpoint(this ISiloBuilder builder, IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(endpoint);
        builder.Services.AddHostedService(sp => new SiloInternalEndpoint(
            sp.GetRequiredService<SiloRuntime>(), endpoint, sp.GetServices<ISiloInternalRoutes>(), sp.GetRequiredService<ILoggerFactory>()));
        return builder;
    }
}
