using Router.Abstractions.Grains;
using Router.Abstractions.Invocation;
using Router.Abstractions.Persistence;
using Router.Silo.Diagnostics;

namespace Router.Silo.Activation;

/// <summary>
/// Turn-based scheduling. Two layers, under one lock:
/// execution — at most one thread runs this activation's code at a time (<see cref="_executing"/>), taking
/// work items from <see cref="_ready"/> in order; admission — a request starts only when its kind may overlap
/// with the requests already running, otherwise it waits in <see cref="_waiting"/> in arrival order.
/// An idle activation runs a request inline on the caller's thread; everything else goes through the queues.
/// </summary>
internal sealed partial class ActivationData : IThreadPoolWorkItem
{
    private const int DrainBatch = 64;

    private static readonly SendOrPostCallback StartRequestCallback = static state => ((PendingRequest)state!).Start();

    private readonly Lock _lock = new();
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _ready = new();
    private readonly Queue<PendingRequest> _waiting = new();
    private bool _executing;
    private bool _drainScheduled;
    private int _runningExclusive;
    private int _runningReadOnly;
    private int _runningInterleaved;
    private DeactivationReason? _pendingDeactivation;

    /// <summary>Requests waiting for admission; read without the lock by the response-timeout sweep.</summary>
    public int WaitingCount { get; private set; }

    public RequestKind Classify(GrainMethodDescriptor method)
    {
        if (ClassInfo.IsReentrant || method.IsAlwaysInterleave)
        {
            return RequestKind.Interleaved;
        }

        return method.IsReadOnly ? RequestKind.ReadOnly : RequestKind.Exclusive;
    }

    /// <summary>Claims the activation to run a request inline on the calling thread, when that keeps every rule.</summary>
    public bool TryEnterInline(RequestKind kind)
    {
        lock (_lock)
        {
            if (_state != ActivationState.Valid || _executing || _pendingDeactivation is not null
                || _waiting.Count != 0 || _ready.Count != 0 || !CanAdmit(kind))
            {
                return false;
            }

            CountStart(kind);
            _executing = true;
            return true;
        }
    }

    /// <summary>Releases the thread after an inline run; completes the request too when it finished synchronously.</summary>
    public void ExitInline(RequestKind kind, bool completed, Exception? fault)
    {
        var schedule = false;
        lock (_lock)
        {
            _executing = false;
            if (completed)
            {
                CompleteLocked(kind, touch: true, fault);
            }

            schedule = ScheduleIfNeededLocked();
        }

        if (schedule)
        {
            ScheduleDrain();
        }
    }

    /// <summary>Queues a request: admitted now when it may run, otherwise waiting in order; forwarded if this activation is gone.</summary>
    public void Enqueue(PendingRequest request)
    {
        var schedule = false;
        var forward = false;
        lock (_lock)
        {
            if (_state == ActivationState.Invalid)
            {
                forward = true;
            }
            else if (_state == ActivationState.Valid && _pendingDeactivation is null
                && (request.Kind == RequestKind.Interleaved || _waiting.Count == 0) && CanAdmit(request.Kind))
            {
                AdmitLocked(request);
                schedule = ScheduleIfNeededLocked();
            }
            else
            {
                request.EnqueuedTimestamp = Runtime.TimeProvider.GetTimestamp();
                _waiting.Enqueue(request);
                WaitingCount = _waiting.Count;
                Runtime.Catalog.AdjustWaiting(1);
            }
        }

        if (forward)
        {
            request.Forward(Runtime);
        }
        else if (schedule)
        {
            ScheduleDrain();
        }
    }

    /// <summary>Marks a request finished: frees its admission slot and admits what waits behind it.</summary>
    public void CompleteRequest(RequestKind kind, bool touch, Exception? fault)
    {
        bool schedule;
        lock (_lock)
        {
            CompleteLocked(kind, touch, fault);
            schedule = ScheduleIfNeededLocked();
        }

        if (schedule)
        {
            ScheduleDrain();
        }
    }

    /// <summary>Posts a work item (an <c>await</c> continuation, a request start, a lifecycle step).</summary>
    public void Post(SendOrPostCallback callback, object? state)
    {
        bool schedule;
        lock (_lock)
        {
            _ready.Enqueue((callback, state));
            schedule = ScheduleIfNeededLocked();
        }

        if (schedule)
        {
            ScheduleDrain();
        }
    }

    /// <summary>Asks for deactivation once no request runs; requests arriving meanwhile go to the next activation.</summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        bool schedule;
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid || _pendingDeactivation is not null)
            {
                return;
            }

            _pendingDeactivation = reason;
            PumpLocked();
            schedule = ScheduleIfNeededLocked();
        }

        if (schedule)
        {
            ScheduleDrain();
        }
    }

    /// <summary>Whether a deactivation was asked for and has not started yet (the activation still counts as valid).</summary>
    public bool IsDeactivationPending
    {
        get
        {
            lock (_lock)
            {
                return _pendingDeactivation is not null;
            }
        }
    }

    /// <summary>Starts idle deactivation if the activation is idle, unpinned and was last active before <paramref name="idleSince"/>.</summary>
    public bool TryDeactivateIfIdle(long idleSince, bool honourDelay, DeactivationReason reason)
    {
        bool schedule;
        lock (_lock)
        {
            if (!IsIdleLocked() || _lastActive > idleSince || (honourDelay && Runtime.TimeProvider.GetTimestamp() < _keepAliveUntil))
            {
                return false;
            }

            _pendingDeactivation = reason;
            PumpLocked();
            schedule = ScheduleIfNeededLocked();
        }

        if (schedule)
        {
            ScheduleDrain();
        }

        return true;
    }

    /// <summary>Fails waiting requests that entered the queue before <paramref name="deadline"/>; returns how many.</summary>
    public int FailWaitingOlderThan(long deadline, TimeSpan timeout)
    {
        List<PendingRequest>? expired = null;
        lock (_lock)
        {
            while (_waiting.TryPeek(out var head) && head.EnqueuedTimestamp <= deadline)
            {
                _waiting.Dequeue();
                (expired ??= []).Add(head);
            }

            WaitingCount = _waiting.Count;
        }

        if (expired is null)
        {
            return 0;
        }

        Runtime.Catalog.AdjustWaiting(-expired.Count);
        foreach (var request in expired)
        {
            SiloLog.CallTimedOut(Runtime.Logger, request.MethodName, GrainId.ToString());
            request.Fail(new GrainCallTimeoutException(GrainId, request.MethodName, timeout));
        }

        return expired.Count;
    }

    void IThreadPoolWorkItem.Execute()
    {
        lock (_lock)
        {
            _drainScheduled = false;
            if (_executing)
            {
                return;
            }

            _executing = true;
        }

        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_synchronizationContext);
        try
        {
            for (var i = 0; i < DrainBatch; i++)
            {
                (SendOrPostCallback Callback, object? State) item;
                lock (_lock)
                {
                    if (!_ready.TryDequeue(out item))
                    {
                        _executing = false;
                        return;
                    }
                }

                try
                {
                    item.Callback(item.State);
                }
                catch (Exception ex)
                {
                    SiloLog.WorkItemFailed(Runtime.Logger, ex, GrainId.ToString());
                }
            }

            bool schedule;
            lock (_lock)
            {
                _executing = false;
                schedule = ScheduleIfNeededLocked();
            }

            if (schedule)
            {
                ScheduleDrain();
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private bool CanAdmit(RequestKind kind) => kind switch
    {
        RequestKind.Interleaved => true,
        RequestKind.ReadOnly => _runningExclusive == 0,
        _ => _runningExclusive == 0 && _runningReadOnly == 0,
    };

    private void CountStart(RequestKind kind)
    {
        switch (kind)
        {
            case RequestKind.Exclusive:
                _runningExclusive++;
                break;
            case RequestKind.ReadOnly:
                _runningReadOnly++;
                break;
            default:
                _runningInterleaved++;
                break;
        }
    }

    private void AdmitLocked(PendingRequest request)
    {
        CountStart(request.Kind);
        request.Activation = this;
        _ready.Enqueue((StartRequestCallback, request));
    }

    private void CompleteLocked(RequestKind kind, bool touch, Exception? fault)
    {
        switch (kind)
        {
            case RequestKind.Exclusive:
                _runningExclusive--;
                break;
            case RequestKind.ReadOnly:
                _runningReadOnly--;
                break;
            default:
                _runningInterleaved--;
                break;
        }

        if (touch)
        {
            _lastActive = Runtime.TimeProvider.GetTimestamp();
        }

        if (fault is InconsistentStateException && _pendingDeactivation is null)
        {
            SiloLog.InconsistentState(Runtime.Logger, GrainId.ToString());
            _pendingDeactivation = new DeactivationReason(DeactivationReasonCode.InconsistentState, "A state write found a stale ETag.");
        }

        PumpLocked();
    }

    /// <summary>Admits waiting requests in order, or begins a requested deactivation once nothing runs.</summary>
    private void PumpLocked()
    {
        if (_state != ActivationState.Valid)
        {
            return;
        }

        if (_pendingDeactivation is { } reason)
        {
            if (_runningExclusive == 0 && _runningReadOnly == 0 && _runningInterleaved == 0)
            {
                _state = ActivationState.Deactivating;
                Runtime.Catalog.OnDeactivating();
                _ready.Enqueue((static s => ((DeactivationStart)s!).Run(), new DeactivationStart(this, reason)));
            }

            return;
        }

        var admitted = 0;
        while (_waiting.TryPeek(out var next) && CanAdmit(next.Kind))
        {
            _waiting.Dequeue();
            AdmitLocked(next);
            admitted++;
        }

        if (admitted > 0)
        {
            WaitingCount = _waiting.Count;
            Runtime.Catalog.AdjustWaiting(-admitted);
        }
    }

    private bool IsIdleLocked() =>
        _state == ActivationState.Valid && _pendingDeactivation is null && !_executing
        && _runningExclusive == 0 && _runningReadOnly == 0 && _runningInterleaved == 0
        && _waiting.Count == 0 && _ready.Count == 0 && _pins == 0;

    private bool ScheduleIfNeededLocked()
    {
        if (_executing || _drainScheduled || _ready.Count == 0)
        {
            return false;
        }

        _drainScheduled = true;
        return true;
    }

    private void ScheduleDrain() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    private sealed class DeactivationStart(ActivationData activation, DeactivationReason reason)
    {
        public void Run() => _ = activation.DeactivateAsync(reason);
    }
}
