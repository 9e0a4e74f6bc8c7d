using Microsoft.Extensions.Hosting;

namespace Router.Silo.Hosting;

/// <summary>Starts the silo with the host and stops it, deactivating every grain, at shutdown.</summary>
internal sealed class SiloHostedService(SiloRuntime runtime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => runtime.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
}
