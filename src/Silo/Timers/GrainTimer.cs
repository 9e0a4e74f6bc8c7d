using Router.Abstractions.Grains;
using Router.Silo.Activation;

namespace Router.Silo.Timers;

/// <summary>
/// A grain timer. Each tick is queued to the activation like a request, so the callback runs in a turn
/// (interleaving only when asked to); the next tick is armed when the callback completes, so ticks never overlap.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly Func<object?, CancellationToken, Task> _callback;
    private readonly object? _state;
    private readonly bool _keepAlive;
    private readonly RequestKind _kind;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _lock = new();
    private readonly ITimer _timer;
    private TimeSpan _period;

    public GrainTimer(ActivationData activation, Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options)
    {
        _activation = activation;
        _callback = callback;
        _state = state;
        _keepAlive = options.KeepAlive;
        _kind = options.Interleave || activation.ClassInfo.IsReentrant ? RequestKind.Interleaved : RequestKind.Exclusive;
        _period = options.Period;
        DueTime = options.DueTime;
        _timer = activation.TimeProvider.CreateTimer(static s => ((GrainTimer)s!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private TimeSpan DueTime { get; set; }

    public void Start() => Arm(DueTime);

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            DueTime = dueTime;
            _period = period;
        }

        Arm(dueTime);
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }

    private void Arm(TimeSpan dueTime)
    {
        if (!_disposed.IsCancellationRequested)
        {
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnDue()
    {
        if (!_disposed.IsCancellationRequested)
        {
            _activation.Enqueue(new Tick(this));
        }
    }

    private void OnTickCompleted()
    {
        TimeSpan period;
        lock (_lock)
        {
            period = _period;
        }

        if (period != Timeout.InfiniteTimeSpan)
        {
            Arm(period);
        }
    }

    private sealed class Tick(GrainTimer timer) : PendingRequest(timer._activation.GrainId, timer._kind)
    {
        private Task? _running;

        public override string MethodName => "timer tick";

        public override void Start()
        {
            if (timer._disposed.IsCancellationRequested)
            {
                Finish(null);
                return;
            }

            try
            {
                _running = timer._callback(timer._state, timer._disposed.Token);
            }
            catch (Exception ex)
            {
                Finish(ex);
                return;
            }

            if (_running.IsCompleted)
            {
                Finish(_running.Exception?.InnerException);
                return;
            }

            _running.GetAwaiter().UnsafeOnCompleted(() => Finish(_running.Exception?.InnerException));
        }

        public override void Fail(Exception exception) => timer.OnTickCompleted();

        public override void Forward(Router.Silo.SiloRuntime runtime)
        {
            // The activation this timer belonged to is gone; so is the timer.
        }

        private void Finish(Exception? fault)
        {
            if (fault is not null && fault is not OperationCanceledException)
            {
                Diagnostics.SiloLog.TimerTickFailed(timer._activation.Runtime.Logger, fault, timer._activation.GrainId.ToString());
            }

            timer._activation.CompleteRequest(Kind, touch: timer._keepAlive, fault);
            timer.OnTickCompleted();
        }
    }
}
