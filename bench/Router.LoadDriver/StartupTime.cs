using System.Diagnostics;

namespace Router.LoadDriver;

/// <summary>Process start to <c>/health/ready</c> answering 200, for a node on the embedded default (fresh SQLite).</summary>
internal static class StartupTime
{
    public static async Task<string> RunAsync(int runs)
    {
        var times = new LatencyRecorder();
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await using var node = await NodeProcess.StartAsync("sqlite", []);
            times.Record(Stopwatch.GetElapsedTime(started));
        }

        return $"node start → ready (sqlite, fresh data directory): {times.Summary()}";
    }
}
