namespace Router.Abstractions.Grains;

/// <summary>A grain timer. Disposing it stops further ticks; a tick already running completes.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes the due time and period of the timer.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
