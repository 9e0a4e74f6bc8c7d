using Router.Grains.Upstream;
using Router.Testing;

namespace Router.Grains.Tests.Upstream;

public sealed class CircuitBreakerTests
{
    private static readonly TimeSpan OpenDuration = TimeSpan.FromSeconds(30);

    [Fact]
    public void RecordFailure_ThresholdConsecutiveFailures_OpensOnceAndRejects()
    {
        var breaker = new CircuitBreaker(3, OpenDuration, new FakeTimeProvider());

        Assert.False(breaker.RecordFailure());
        Assert.False(breaker.RecordFailure());
        Assert.True(breaker.RecordFailure());

        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.False(breaker.IsAvailable);
        Assert.False(breaker.TryAcquire(out _));
        Assert.False(breaker.RecordFailure());
    }

    [Fact]
    public void RecordSuccess_BetweenFailures_ResetsTheCount()
    {
        var breaker = new CircuitBreaker(2, OpenDuration, new FakeTimeProvider());

        breaker.RecordFailure();
        Assert.False(breaker.RecordSuccess());
        breaker.RecordFailure();

        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public void TryAcquire_OpenDurationPassed_LetsExactlyOneProbeThrough()
    {
        var time = new FakeTimeProvider();
        var breaker = new CircuitBreaker(1, OpenDuration, time);
        breaker.RecordFailure();

        time.Advance(OpenDuration - TimeSpan.FromTicks(1));
        Assert.False(breaker.TryAcquire(out _));
        time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(CircuitState.HalfOpen, breaker.State);
        Assert.True(breaker.TryAcquire(out var first));
        Assert.True(first);
        Assert.False(breaker.TryAcquire(out _));
        Assert.False(breaker.IsAvailable);
    }

    [Fact]
    public void RecordSuccess_HalfOpenProbe_ClosesCircuit()
    {
        var time = new FakeTimeProvider();
        var breaker = new CircuitBreaker(1, OpenDuration, time);
        breaker.RecordFailure();
        time.Advance(OpenDuration);
        breaker.TryAcquire(out _);

        Assert.True(breaker.RecordSuccess());

        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.True(breaker.TryAcquire(out var isProbe));
        Assert.False(isProbe);
    }

    [Fact]
    public void RecordFailure_HalfOpenProbe_ReopensForAnotherOpenDuration()
    {
        var time = new FakeTimeProvider();
        var breaker = new CircuitBreaker(1, OpenDuration, time);
        breaker.RecordFailure();
        time.Advance(OpenDuration);
        breaker.TryAcquire(out _);

        Assert.False(breaker.RecordFailure());

        Assert.Equal(CircuitState.Open, breaker.State);
        time.Advance(OpenDuration);
        Assert.True(breaker.TryAcquire(out var isProbe));
        Assert.True(isProbe);
    }

    [Fact]
    public void ReleaseProbe_ProbeCancelled_NextCallerMayProbe()
    {
        var time = new FakeTimeProvider();
        var breaker = new CircuitBreaker(1, OpenDuration, time);
        breaker.RecordFailure();
        time.Advance(OpenDuration);
        breaker.TryAcquire(out _);

        breaker.ReleaseProbe();

        Assert.True(breaker.TryAcquire(out var isProbe));
        Assert.True(isProbe);
    }
}
