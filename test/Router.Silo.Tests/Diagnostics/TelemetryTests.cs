using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Router.Silo.Tests.Fixtures;
using Router.Silo.Tests.Grains;

namespace Router.Silo.Tests.Diagnostics;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Metrics_ActivationAndDeactivation_AreCountedWithReason()
    {
        var measurements = new ConcurrentQueue<(string Name, double Value, string? Reason)>();
        await using var silo = await TestSilo.StartAsync();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, silo.Runtime.Instruments.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Reason(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Reason(tags))));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Reason(tags))));
        listener.Start();

        var grain = silo.Grains.GetGrain<ITurnGrain>("m");
        await Task.WhenAll(Enumerable.Range(0, 10).Select(grain.AppendAsync));
        await silo.Grains.GetGrain<ICounterGrain>("m2").DeactivateAsync();
        await silo.Probe.WaitForDeactivationsAsync("m2", 1);
        await silo.Probe.WaitUntilAsync(() => measurements.Any(m => m.Name == "router.silo.deactivations"), "the deactivation was counted");
        listener.RecordObservableInstruments();

        Assert.Equal(2, measurements.Count(m => m.Name == "router.silo.activations.created"));
        Assert.Contains(measurements, m => m.Name == "router.silo.deactivations" && m.Reason == "ApplicationRequested");
        Assert.Contains(measurements, m => m.Name == "router.silo.turn.duration");
        Assert.Contains(measurements, m => m.Name == "router.silo.activations" && m.Value >= 1);
        Assert.Contains(measurements, m => m.Name == "router.silo.queue.length");
    }

    [Fact]
    public async Task Tracing_GrainCall_StartsActivityNamedAfterMethod()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Router.Silo",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var silo = await TestSilo.StartAsync();

        await silo.Grains.GetGrain<ICounterGrain>("traced").AddAsync(1);

        var activity = Assert.Single(activities, a => a.GetTagItem("router.grain.id") as string == "counter/traced");
        Assert.Equal("ICounterGrain.AddAsync", activity.OperationName);
        Assert.Equal("AddAsync", activity.GetTagItem("rpc.method"));
    }

    private static string? Reason(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "reason")
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
