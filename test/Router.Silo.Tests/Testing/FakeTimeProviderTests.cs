using Router.Testing;

namespace Router.Silo.Tests.Testing;

public sealed class FakeTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GetUtcNow_NoStartTime_IsStartOf2026()
    {
        var time = new FakeTimeProvider();

        Assert.Equal(Start, time.GetUtcNow());
        Assert.Equal(TimeZoneInfo.Utc, time.LocalTimeZone);
    }

    [Fact]
    public void Advance_Delta_MovesClockAndTimestampTogether()
    {
        var time = new FakeTimeProvider(Start);
        var before = time.GetTimestamp();

        time.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(Start.AddMinutes(3), time.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(3), time.GetElapsedTime(before));
    }

    [Fact]
    public void SetUtcNow_EarlierTime_Throws()
    {
        var time = new FakeTimeProvider(Start);

        Assert.Throws<ArgumentOutOfRangeException>(() => time.SetUtcNow(Start.AddSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => time.Advance(TimeSpan.FromTicks(-1)));
    }

    [Fact]
    public void Advance_SeveralTimers_FiresInDueOrderWithClockAtEachDueTime()
    {
        var time = new FakeTimeProvider(Start);
        var fired = new List<(string Name, DateTimeOffset At)>();
        using var late = time.CreateTimer(_ => fired.Add(("late", time.GetUtcNow())), null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        using var early = time.CreateTimer(_ => fired.Add(("early", time.GetUtcNow())), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        using var outside = time.CreateTimer(_ => fired.Add(("outside", time.GetUtcNow())), null, TimeSpan.FromMinutes(5), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal([("early", Start.AddSeconds(10)), ("late", Start.AddSeconds(30))], fired);
        Assert.Equal(Start.AddMinutes(1), time.GetUtcNow());
    }

    [Fact]
    public void Advance_PeriodicTimer_FiresOncePerElapsedPeriod()
    {
        var time = new FakeTimeProvider(Start);
        var fired = new List<DateTimeOffset>();
        using var timer = time.CreateTimer(_ => fired.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal([Start.AddSeconds(1), Start.AddSeconds(3), Start.AddSeconds(5)], fired);
    }

    [Fact]
    public void CreateTimer_InfiniteDueTime_NeverFires()
    {
        var time = new FakeTimeProvider(Start);
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(1));

        time.Advance(TimeSpan.FromDays(1));

        Assert.Equal(0, fired);
    }

    [Fact]
    public void Change_NewDueTime_ReschedulesFromNow()
    {
        var time = new FakeTimeProvider(Start);
        var fired = new List<DateTimeOffset>();
        using var timer = time.CreateTimer(_ => fired.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(timer.Change(TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan));
        time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal([Start.AddSeconds(12)], fired);
    }

    [Fact]
    public void Dispose_PendingTimer_NeverFiresAndChangeReturnsFalse()
    {
        var time = new FakeTimeProvider(Start);
        var fired = 0;
        var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        timer.Dispose();
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(0, fired);
        Assert.False(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void Advance_CallbackDisposesItsOwnPeriodicTimer_StopsFiring()
    {
        var time = new FakeTimeProvider(Start);
        var fired = 0;
        ITimer? timer = null;
        timer = time.CreateTimer(_ =>
        {
            if (++fired == 2)
            {
                timer!.Dispose();
            }
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(2, fired);
    }

    [Fact]
    public void Advance_CallbackCreatesTimerDueInRange_NewTimerFiresInSameAdvance()
    {
        var time = new FakeTimeProvider(Start);
        var fired = new List<(string Name, DateTimeOffset At)>();
        var timers = new List<ITimer>();
        timers.Add(time.CreateTimer(_ =>
        {
            fired.Add(("outer", time.GetUtcNow()));
            timers.Add(time.CreateTimer(_ => fired.Add(("inner", time.GetUtcNow())), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan));
        }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan));

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([("outer", Start.AddSeconds(1)), ("inner", Start.AddSeconds(4))], fired);
        timers.ForEach(t => t.Dispose());
    }

    [Fact]
    public void Advance_Zero_FiresTimerCreatedWithZeroDueTime()
    {
        var time = new FakeTimeProvider(Start);
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        Assert.Equal(0, fired);

        time.Advance(TimeSpan.Zero);

        Assert.Equal(1, fired);
    }

    [Fact]
    public async Task Delay_WithFakeTime_CompletesOnlyWhenAdvancedPastIt()
    {
        var time = new FakeTimeProvider(Start);
        var delay = Task.Delay(TimeSpan.FromSeconds(30), time);

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        await delay;
        Assert.Equal(0, time.ScheduledTimerCount);
    }
}
