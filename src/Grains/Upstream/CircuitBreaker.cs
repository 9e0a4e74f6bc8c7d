namespace Router.Grains.Upstream;

/// <summary>
/// One replica's circuit breaker: opens after <c>threshold</c> consecutive failures, rejects calls for the open
/// duration (measured on the injected <see cref="TimeProvider"/>), then lets a single probe through.
/// </summary>
/// <remarks>Not thread-safe: <see cref="UpstreamPool"/> calls it under its lock, so choosing a replica and taking its probe are one step.</remarks>
internal sealed class CircuitBreaker(int threshold, TimeSpan openDuration, TimeProvider timeProvider)
{
    private CircuitState _state = CircuitState.Closed;
    private int _consecutiveFailures;
    private long _openedAt;
    private bool _probeInFlight;

    /// <summary>The breaker's state; an open circuit whose duration has passed reads as half-open.</summary>
    public CircuitState State => _state == CircuitState.Open && OpenDurationPassed() ? CircuitState.HalfOpen : _state;


    /// <summary>Whether <see cref="TryAcquire"/> would let a call through now.</summary>
    public bool IsAvailable => State switch
    {
        CircuitState.Closed => true,
        CircuitState.HalfOpen => !_probeInFlight,
        _ => false,
    };

    /// <summary>Lets a call through if the circuit allows it; in half-open the caller takes the only probe.</summary>
    public bool TryAcquire(out bool isProbe)
    {
        isProbe = false;
        switch (State)
        {
            case CircuitState.Closed:
                return true;
            case CircuitState.HalfOpen when !_probeInFlight:
                _state = CircuitState.HalfOpen;
                _probeInFlight = true;
                isProbe = true;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Records a call that reached the replica and got an answer; returns true when this closes the circuit.</summary>
    public bool RecordSuccess()
    {
        var wasClosed = _state == CircuitState.Closed;
        _consecutiveFailures = 0;
        _probeInFlight = false;
        _state = CircuitState.Closed;
        return !wasClosed;
    }

    /// <summary>Records a failed call; returns true when this opens a closed circuit (a failed probe just reopens it).</summary>
    public bool RecordFailure()
    {
        switch (_state)
        {
            case CircuitState.HalfOpen:
                _probeInFlight = false;
                Open();
                return false;
            case CircuitState.Closed when ++_consecutiveFailures >= threshold:
                Open();
                return true;
            default:
                return false;
        }
    }

    /// <summary>Gives the probe back without a verdict (the caller cancelled), so the next call may probe.</summary>
    public void ReleaseProbe() => _probeInFlight = false;

    private void Open()
    {
        _state = CircuitState.Open;
        _openedAt = timeProvider.GetTimestamp();
    }

    private bool OpenDurationPassed() => timeProvider.GetElapsedTime(_openedAt) >= openDuration;
}
