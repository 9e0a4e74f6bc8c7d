namespace Router.Testing;

/// <summary>
/// A deterministic <see cref="TimeProvider"/>: time stands still until a test moves it with
/// <see cref="Advance"/> or <see cref="SetUtcNow"/>, which fire the timers that fall due, in due-time order,
/// synchronously on the calling thread.
/// </summary>
/// <remarks>
/// While a timer's callback runs, <see cref="GetUtcNow"/> returns that timer's due time. Callbacks run outside
/// the provider's lock, so they may create, change or dispose timers (a timer scheduled inside the advanced
/// range fires in the same call). A timer created with a zero due time fires on the next advance (even
/// <c>Advance(TimeSpan.Zero)</c>), not inside <see cref="CreateTimer"/>. An exception from a callback propagates
/// out of the advance and leaves the clock at that timer's due time.
/// </remarks>
public sealed class FakeTimeProvider : TimeProvider
{
    /// <summary>The start time when none is given: 2026-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset DefaultStartTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now;
    private long _nextSequence;

    /// <summary>Creates a clock at <see cref="DefaultStartTime"/>.</summary>
    public FakeTimeProvider()
        : this(DefaultStartTime)
    {
    }

    /// <summary>Creates a clock at <paramref name="startTime"/>.</summary>
    public FakeTimeProvider(DateTimeOffset startTime)
    {
        _now = startTime.ToUniversalTime();
    }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>One timestamp unit is one tick (100 ns) of fake time.</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>How many timers are scheduled (created or changed to a finite due time, not yet fired or disposed).</summary>
    public int ScheduledTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.DueTime is not null);
            }
        }
    }

    /// <summary>When the next scheduled timer is due; null when none is scheduled.</summary>
    public DateTimeOffset? NextDueTime
    {
        get
        {
            lock (_gate)
            {
                return _timers.Min(t => t.DueTime);
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _now.UtcTicks;
        }
    }

    /// <summary>Moves time forward by <paramref name="delta"/>, firing the timers that fall due.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + delta;
        }

        RunUntil(target);
    }

    /// <summary>Moves time forward to <paramref name="value"/>, firing the timers that fall due.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is earlier than the current time.</exception>
    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_gate)
        {
            if (value < _now)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"The fake clock only moves forward; it is at {_now:O}.");
            }
        }

        RunUntil(value.ToUniversalTime());
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new FakeTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
            Schedule(timer, dueTime, period);
        }

        return timer;
    }

    private void RunUntil(DateTimeOffset target)
    {
        while (true)
        {
            TimerCallback callback;
            object? state;
            lock (_gate)
            {
                var next = NextDue(target);
                if (next is null)
                {
                    if (target > _now)
                    {
                        _now = target;
                    }

                    return;
                }

                if (next.DueTime!.Value > _now)
                {
                    _now = next.DueTime.Value;
                }

                callback = next.Callback;
                state = next.State;
                if (next.Period > TimeSpan.Zero)
                {
                    next.DueTime = next.DueTime.Value + next.Period;
                    next.Sequence = _nextSequence++;
                }
                else
                {
                    next.DueTime = null;
                }
            }

            callback(state);
        }
    }

    /// <summary>The earliest timer due at or before <paramref name="target"/>; ties go to the earliest scheduled.</summary>
    private FakeTimer? NextDue(DateTimeOffset target)
    {
        FakeTimer? next = null;
        foreach (var timer in _timers)
        {
            if (timer.DueTime is { } due && due <= target
                && (next is null || due < next.DueTime!.Value || (due == next.DueTime.Value && timer.Sequence < next.Sequence)))
            {
                next = timer;
            }
        }

        return next;
    }

    /// <summary>Sets a timer's schedule; caller holds the lock.</summary>
    private void Schedule(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        ValidateInterval(dueTime, nameof(dueTime));
        ValidateInterval(period, nameof(period));
        timer.DueTime = dueTime == Timeout.InfiniteTimeSpan ? null : _now + dueTime;
        timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
        timer.Sequence = _nextSequence++;
    }

    private static void ValidateInterval(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "A timer interval must be non-negative or Timeout.InfiniteTimeSpan.");
        }
    }

    private bool Change(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            if (!_timers.Contains(timer))
            {
                return false;
            }

            Schedule(timer, dueTime, period);
            return true;
        }
    }

    private void Remove(FakeTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            timer.DueTime = null;
        }
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        /// <summary>When the timer fires next; null when disabled. Guarded by the owner's lock.</summary>
        public DateTimeOffset? DueTime { get; set; }

        /// <summary>The period; zero for a one-shot timer. Guarded by the owner's lock.</summary>
        public TimeSpan Period { get; set; }

        /// <summary>Orders timers due at the same instant by when they were scheduled. Guarded by the owner's lock.</summary>
        public long Sequence { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => owner.Change(this, dueTime, period);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
