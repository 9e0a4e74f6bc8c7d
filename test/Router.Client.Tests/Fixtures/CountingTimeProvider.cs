using Router.Testing;

namespace Router.Client.Tests.Fixtures;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also counts the timer callbacks it has run, so a test can move time in
/// small steps and stop at the step in which a timer fired, without knowing its (jittered) due time.
/// </summary>
internal sealed class CountingTimeProvider(FakeTimeProvider inner) : TimeProvider
{
    private int _fired;

    public FakeTimeProvider Inner { get; } = inner;

    public int FiredCount => Volatile.Read(ref _fired);

    public override TimeZoneInfo LocalTimeZone => Inner.LocalTimeZone;

    public override long TimestampFrequency => Inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => Inner.GetUtcNow();

    public override long GetTimestamp() => Inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Inner.CreateTimer(
            s =>
            {
                Interlocked.Increment(ref _fired);
                callback(s);
            },
            state,
            dueTime,
            period);
}
