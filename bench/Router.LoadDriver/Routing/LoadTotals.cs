namespace Router.LoadDriver.Routing;

/// <summary>The calls of one side of a comparison, summed over its alternating phases.</summary>
internal sealed class LoadTotals
{
    private long _completed;
    private TimeSpan _elapsed;

    public LatencyRecorder Latencies { get; } = new();

    public long Failed { get; private set; }

    public double PerSecond => _completed / _elapsed.TotalSeconds;

    public void Add((long Completed, long Failed, TimeSpan Elapsed) phase)
    {
        _completed += phase.Completed;
        Failed += phase.Failed;
        _elapsed += phase.Elapsed;
    }
}
