using System.Collections.Concurrent;
using System.Globalization;

namespace Router.LoadDriver;

/// <summary>Collects latencies and reports percentiles.</summary>
internal sealed class LatencyRecorder
{
    private readonly ConcurrentBag<double> _milliseconds = [];

    public int Count => _milliseconds.Count;

    public void Record(TimeSpan latency) => _milliseconds.Add(latency.TotalMilliseconds);

    public double Percentile(double p)
    {
        var sorted = _milliseconds.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var index = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }

    public string Summary() => string.Create(
        CultureInfo.InvariantCulture,
        $"n={Count}, p50={Percentile(50):F2} ms, p99={Percentile(99):F2} ms, max={Percentile(100):F2} ms");
}
