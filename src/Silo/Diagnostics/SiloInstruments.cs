using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Router.Silo.Diagnostics;

/// <summary>The silo's metrics (meter <c>Router.Silo</c>) and traces (activity source <c>Router.Silo</c>).</summary>
internal sealed class SiloInstruments : IDisposable
{
    /// <summary>The meter and activity source name.</summary>
    public const string Name = "Router.Silo";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;

    public SiloInstruments(IMeterFactory meterFactory, Func<int> activationCount, Func<long> queueLength)
    {
        _meter = meterFactory.Create(Name);
        _meter.CreateObservableUpDownCounter("router.silo.activations", activationCount, "{activation}", "Activations currently in the silo.");
        _meter.CreateObservableGauge("router.silo.queue.length", queueLength, "{request}", "Requests waiting for their turn across all activations.");
        ActivationsCreated = _meter.CreateCounter<long>("router.silo.activations.created", "{activation}", "Activations created; its rate is activations per second.");
        ActivationsFailed = _meter.CreateCounter<long>("router.silo.activations.failed", "{activation}", "Activations whose activation failed.");
        Deactivations = _meter.CreateCounter<long>("router.silo.deactivations", "{activation}", "Deactivations, tagged by reason.");
        TurnDuration = _meter.CreateHistogram<double>("router.silo.turn.duration", "ms", "Time from the start of a request's turn to its completion.");
        RemoteCalls = _meter.CreateCounter<long>("router.silo.remote_calls", "{call}", "Grain calls this silo sent to other silos and got an answer to.");
        DirectoryLookups = _meter.CreateCounter<long>("router.silo.directory.lookups", "{lookup}", "Grain locations looked up, tagged by whether the cache answered (hit) or the directory (miss).");
        CallTimeouts = _meter.CreateCounter<long>("router.silo.calls.timed_out", "{call}", "Calls that waited past the response timeout.");
    }

    public Meter Meter => _meter;

    public Counter<long> ActivationsCreated { get; }

    public Counter<long> ActivationsFailed { get; }

    public Counter<long> Deactivations { get; }

    public Histogram<double> TurnDuration { get; }

    public Counter<long> CallTimeouts { get; }

    public Counter<long> RemoteCalls { get; }

    public Counter<long> DirectoryLookups { get; }

    public void Dispose() => _meter.Dispose();
}
