namespace Router.LoadDriver.Routing;

/// <summary>The calls of one side of a comparison, summed over its alternating phases.</summary>
internal sealed class LoadTotals
{
    private long _completed;
    private TimeSpan _elapsed;

    public LatencyRecorder Latencies { get; } = new();

    public long Failed { get; private set; }

    public double PerSecond => _completed / _elapsed.TotalSeconds;

    /// <summary>The CPU time each process used during this side's phases.</summary>
    public CpuSample Cpu { get; private set; }

    /// <summary>CPU microseconds per completed call of <paramref name="time"/>.</summary>
    public double PerCall(TimeSpan time) => _completed == 0 ? 0 : time.TotalMicroseconds / _completed;

    public void Add((long Completed, long Failed, TimeSpan Elapsed) phase, CpuSample cpu = default)
    {
        Cpu += cpu;
        _completed += phase.Completed;
        Failed += phase.Failed;
        _elapsed += phase.Elapsed;
    }
}
