using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Router.Abstractions.Grains;
using Router.Silo.Activation;
using Router.Silo.Collection;
using Router.Silo.Diagnostics;
using Router.Silo.Hosting;
using Router.Silo.Membership;
using Router.Silo.Placement;
using Router.Silo.Serialization;
using Router.Silo.Storage;

namespace Router.Silo;

/// <summary>The root of one silo: its catalog, invoker, collector and storage, and their start and stop.</summary>
internal sealed class SiloRuntime : ISiloStatus, IDisposable
{
    private volatile bool _running;

    public SiloRuntime(
        IServiceProvider services,
        IOptions<SiloOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IMeterFactory meterFactory,
        GrainTypeCatalog types,
        GrainSerializer serializer)
    {
        Services = services;
        Options = options.Value;
        TimeProvider = timeProvider;
        Logger = loggerFactory.CreateLogger("Router.Silo");
        Types = types;
        Serializer = serializer;
        Catalog = new ActivationCatalog(this);
        Collector = new ActivationCollector(this);
        Instruments = new SiloInstruments(meterFactory, () => Catalog.Count, () => Catalog.WaitingRequests);

        // Membership and placement before the invoker, which keeps them at hand for every call.
        Membership = services.GetService<SiloMembership>();
        if (Membership is not null)
        {
            if (services.GetService<IGrainDirectory>() is { } directory)
            {
                Placement = new GrainPlacement(this, directory, Membership);
            }

            Membership.SilosDeclaredDead += dead => SilosDeclaredDead?.Invoke([.. dead.Select(d => d.SiloId)]);
        }

        Invoker = new GrainCallInvoker(this);
        GrainFactory = new GrainFactory(this);
    }

    public event Action<IReadOnlyList<string>>? SilosDeclaredDead;

    public IServiceProvider Services { get; }

    public SiloOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    public GrainTypeCatalog Types { get; }

    public GrainSerializer Serializer { get; }

    public ActivationCatalog Catalog { get; }

    public ActivationCollector Collector { get; }

    public GrainCallInvoker Invoker { get; }

    public IGrainFactory GrainFactory { get; }

    public SiloInstruments Instruments { get; }

    /// <summary>The silo's cluster membership; null for a silo on its own.</summary>
    public SiloMembership? Membership { get; }

    /// <summary>Where single-activation grains live in the cluster; null for a silo on its own.</summary>
    public GrainPlacement? Placement { get; }

    public bool IsRunning => _running;

    public bool IsServing => _running && (Membership is null || Membership.IsServing);

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var storages = Storages().ToList();
        SiloLog.SiloStarting(Logger, Types.Count, storages.Count);
        await Task.WhenAll(storages.Select(s => s.InitializeAsync(cancellationToken))).ConfigureAwait(false);
        if (Placement is not null)
        {
            await Placement.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        if (Membership is not null)
        {
            await Membership.StartAsync(
                token => DeactivateAllAsync(new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo lost its cluster membership."), token),
                cancellationToken).ConfigureAwait(false);
        }

        Collector.Start();
        _running = true;
        SiloLog.SiloStarted(Logger, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// Stops accepting new activations and deactivates every activation, writing dirty state; in a cluster, while the
    /// silo's membership says it is shutting down, and leaves the cluster after.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        _running = false;
        Collector.Dispose();
        var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is shutting down.");
        if (Membership is not null)
        {
            await Membership.StopAsync(token => DeactivateAllAsync(reason, token), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await DeactivateAllAsync(reason, cancellationToken).ConfigureAwait(false);
        }

        SiloLog.SiloStopped(Logger);
    }

    private async Task DeactivateAllAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        var activations = Catalog.All.ToList();
        SiloLog.SiloStopping(Logger, activations.Count);
        foreach (var activation in activations)
        {
            activation.RequestDeactivation(reason);
        }

        await Task.WhenAll(activations.Select(a => a.Deactivated)).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (Placement is not null)
        {
            // Their directory entries go before the silo does, so that their next calls activate them elsewhere at once.
            await Placement.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task CheckStorageAsync(CancellationToken cancellationToken = default)
    {
        foreach (var storage in Storages())
        {
            await storage.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends a queued request to whatever now serves its grain.</summary>
    public void Dispatch(PendingRequest request)
    {
        ActivationData activation;
        try
        {
            var target = Catalog.Resolve(request.GrainId);
            activation = target is StatelessWorkerGroup group ? group.SelectForQueue() : (ActivationData)target;
        }
        catch (Exception ex)
        {
            request.Fail(ex);
            return;
        }

        activation.Enqueue(request);
    }

    public void ThrowIfNotRunning()
    {
        if (!_running)
        {
            throw new InvalidOperationException("The silo is not running: it has not started yet, or it is shutting down.");
        }
    }

    public void Dispose()
    {
        Collector.Dispose();
        Placement?.Dispose();
        Instruments.Dispose();
    }

    private IEnumerable<IGrainStorage> Storages() =>
        Services.GetServices<GrainStorageRegistration>()
            .Select(r => r.Name)
            .Distinct(StringComparer.Ordinal)
            .Select(name => Services.GetRequiredKeyedService<IGrainStorage>(name));
}
