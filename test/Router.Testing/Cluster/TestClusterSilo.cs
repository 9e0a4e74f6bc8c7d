using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Router.Silo;

namespace Router.Testing.Cluster;

/// <summary>One silo of a <see cref="TestCluster"/>.</summary>
public sealed class TestClusterSilo : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _hosted;
    private bool _disposed;

    internal TestClusterSilo(ServiceProvider services, List<IHostedService> hosted, Uri internalEndpoint)
    {
        _services = services;
        _hosted = hosted;
        InternalEndpoint = internalEndpoint;
        Runtime = services.GetRequiredService<SiloRuntime>();
    }

    /// <summary>Where other silos send it grain calls.</summary>
    public Uri InternalEndpoint { get; }

    public IServiceProvider Services => _services;

    internal SiloRuntime Runtime { get; }

    /// <summary>Its identity in the membership table.</summary>
    public string SiloId => Runtime.Membership!.Agent.SiloId!;

    /// <summary>Neither stopped nor killed.</summary>
    public bool IsRunning { get; private set; } = true;

    /// <summary>Stops as a host stops at shutdown: it leaves the cluster (shutting down, hand-over, dead).</summary>
    public async Task StopAsync()
    {
        if (!IsRunning)
        {
            return;
        }

        IsRunning = false;
        for (var i = _hosted.Count - 1; i >= 0; i--)
        {
            await _hosted[i].StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Dies: its internal port closes and it stops renewing without leaving; its row goes stale.</summary>
    public async Task KillAsync()
    {
        if (!IsRunning)
        {
            return;
        }

        IsRunning = false;
        await Runtime.Membership!.DisposeAsync();
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        foreach (var service in _hosted.OfType<Router.Silo.Messaging.SiloInternalEndpoint>())
        {
            try
            {
                await service.StopAsync(aborted.Token);
            }
            catch (OperationCanceledException)
            {
                // A killed server does not wait for anything.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await KillAsync();
        await _services.DisposeAsync();
    }
}
