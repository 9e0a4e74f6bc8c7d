namespace Router.Abstractions.Grains;

/// <summary>Options of a grain timer.</summary>
public sealed class GrainTimerCreationOptions
{
    /// <summary>Creates options with a due time and a period.</summary>
    public GrainTimerCreationOptions(TimeSpan dueTime, TimeSpan period)
    {
        DueTime = dueTime;
        Period = period;
    }

    /// <summary>Time until the first tick.</summary>
    public TimeSpan DueTime { get; }

    /// <summary>Time between the end of one tick and the start of the next; <see cref="Timeout.InfiniteTimeSpan"/> for one tick.</summary>
    public TimeSpan Period { get; }

    /// <summary>Whether ticks may interleave with requests (by default a tick waits its turn like a request).</summary>
    public bool Interleave { get; init; }

    /// <summary>Whether ticks count as activity that keeps the activation from idle collection (default: no).</summary>
    public bool KeepAlive { get; init; }
}
