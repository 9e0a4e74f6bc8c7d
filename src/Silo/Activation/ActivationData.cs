using Router.Abstractions.Grains;
using Router.Silo.Diagnostics;
using Router.Silo.Placement;
using Router.Silo.Storage;
using Router.Silo.Timers;

namespace Router.Silo.Activation;

/// <summary>
/// One activation of a grain: the grain instance, its turn scheduler, its persistent states and timers,
/// and its lifecycle (activate on first call, deactivate when idle, evicted, or asked to).
/// </summary>
internal sealed partial class ActivationData : IGrainContext
{
    private static long _nextId;

    private readonly ActivationSynchronizationContext _synchronizationContext;
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<IPersistentStateLifecycle>? _states;
    private List<GrainTimer>? _timers;
    private ActivationState _state;
    private int _pins;
    private long _lastActive;
    private long _keepAliveUntil;

    public ActivationData(SiloRuntime runtime, GrainId grainId, GrainClassInfo classInfo, StatelessWorkerGroup? workerGroup)
    {
        Id = Interlocked.Increment(ref _nextId);
        Runtime = runtime;
        GrainId = grainId;
        ClassInfo = classInfo;
        WorkerGroup = workerGroup;
        _synchronizationContext = new ActivationSynchronizationContext(this);
        _lastActive = runtime.TimeProvider.GetTimestamp();
    }

    public long Id { get; }

    public SiloRuntime Runtime { get; }

    public GrainId GrainId { get; }

    public GrainClassInfo ClassInfo { get; }

    public StatelessWorkerGroup? WorkerGroup { get; }

    public SynchronizationContext SynchronizationContext => _synchronizationContext;

    /// <summary>The grain instance; set by activation before any request runs.</summary>
    public object? GrainInstance { get; private set; }

    /// <summary>Completes when the activation has been deactivated (or failed to activate).</summary>
    public Task Deactivated => _deactivated.Task;

    /// <summary>False once the activation is going away: references must resolve a new one.</summary>
    public bool IsUsable => _state is ActivationState.Created or ActivationState.Activating or ActivationState.Valid;

    public ActivationState State => _state;

    /// <summary>The runtime timestamp of the end of the last request.</summary>
    public long LastActive => Volatile.Read(ref _lastActive);

    /// <summary>A cheap, lock-free load figure for stateless-worker selection.</summary>
    public int Load => _runningExclusive + _runningReadOnly + _runningInterleaved + WaitingCount;

    public IGrainFactory GrainFactory => Runtime.GrainFactory;

    public TimeProvider TimeProvider => Runtime.TimeProvider;

    public IServiceProvider Services => Runtime.Services;

    /// <summary>Begins activation; called once, by whoever created the activation.</summary>
    public void Start()
    {
        lock (_lock)
        {
            _state = ActivationState.Activating;
        }

        Post(static s => _ = ((ActivationData)s!).ActivateAsync(), this);
    }

    public IPersistentStateLifecycle AddPersistentState(IPersistentStateLifecycle state)
    {
        (_states ??= []).Add(state);
        return state;
    }

    public void DeactivateOnIdle() =>
        RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    public void DelayDeactivation(TimeSpan timeSpan)
    {
        var until = Runtime.TimeProvider.GetTimestamp() + (long)(timeSpan.TotalSeconds * Runtime.TimeProvider.TimestampFrequency);
        lock (_lock)
        {
            _keepAliveUntil = Math.Max(_keepAliveUntil, until);
        }
    }

    public IGrainTimer RegisterTimer(Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(options);
        var timer = new GrainTimer(this, callback, state, options);
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                throw new InvalidOperationException($"Grain {GrainId} is deactivating and cannot register timers.");
            }

            (_timers ??= []).Add(timer);
        }

        timer.Start();
        return timer;
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    public IDisposable Pin()
    {
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                throw new InvalidOperationException($"Grain {GrainId} is deactivating and cannot be pinned.");
            }

            _pins++;
        }

        return new PinHandle(this);
    }

    private void Unpin()
    {
        lock (_lock)
        {
            _pins--;
            _lastActive = Runtime.TimeProvider.GetTimestamp();
        }
    }

    private async Task ActivateAsync()
    {
        using var timeout = new CancellationTokenSource(Runtime.Options.ActivationTimeout, Runtime.TimeProvider);
        try
        {
            // In a cluster the activation first claims the grain's directory entry: losing to another silo's activation
            // ends it here, before its state is read or its grain constructed.
            if (WorkerGroup is null && Runtime.Placement is { } placement)
            {
                await placement.RegisterAsync(this, timeout.Token);
            }

            using (Grain.EnterConstruction(this))
            {
                GrainInstance = ClassInfo.CreateInstance(this);
            }

            if (_states is not null)
            {
                foreach (var state in _states)
                {
                    await state.ReadStateAsync(timeout.Token);
                }
            }

            if (GrainInstance is Grain grain)
            {
                await grain.OnActivateAsync(timeout.Token);
            }
        }
        catch (Exception ex)
        {
            await FailActivationAsync(ex);
            return;
        }

        bool schedule;
        lock (_lock)
        {
            _state = ActivationState.Valid;
            _lastActive = Runtime.TimeProvider.GetTimestamp();
            PumpLocked();
            schedule = ScheduleIfNeededLocked();
        }

        Runtime.Instruments.ActivationsCreated.Add(1);
        if (schedule)
        {
            ScheduleDrain();
        }
    }

    private async Task FailActivationAsync(Exception exception)
    {
        Exception error;
        if (exception is GrainMovedException)
        {
            // Not a failure: the grain lives on another silo, and the waiting calls follow it there.
            error = exception;
        }
        else
        {
            SiloLog.ActivationFailed(Runtime.Logger, exception, GrainId.ToString());
            Runtime.Instruments.ActivationsFailed.Add(1);
            error = new GrainActivationException(GrainId, $"Activation of grain {GrainId} failed.", exception);
        }

        await DisposeInstanceAsync();
        Runtime.Catalog.Remove(this);
        Runtime.Placement?.Unregister(this);
        var waiting = TakeWaitingAndInvalidate();
        foreach (var request in waiting)
        {
            request.Fail(error);
        }

        _deactivated.TrySetResult();
    }

    private async Task DeactivateAsync(DeactivationReason reason)
    {
        DisposeTimers();
        using var timeout = new CancellationTokenSource(Runtime.Options.ActivationTimeout, Runtime.TimeProvider);
        if (GrainInstance is Grain grain)
        {
            try
            {
                await grain.OnDeactivateAsync(reason, timeout.Token);
            }
            catch (Exception ex)
            {
                SiloLog.DeactivationFailed(Runtime.Logger, ex, GrainId.ToString());
            }
        }

        if (_states is not null && reason.Code != DeactivationReasonCode.InconsistentState)
        {
            foreach (var state in _states)
            {
                try
                {
                    await state.WriteIfDirtyAsync(timeout.Token);
                }
                catch (Exception ex)
                {
                    SiloLog.StateWriteOnDeactivationFailed(Runtime.Logger, ex, GrainId.ToString(), state.StateName);
                }
            }
        }

        await DisposeInstanceAsync();
        Runtime.Catalog.Remove(this);
        Runtime.Placement?.Unregister(this);
        var waiting = TakeWaitingAndInvalidate();
        Runtime.Instruments.Deactivations.Add(1, new KeyValuePair<string, object?>("reason", reason.Code.ToString()));
        SiloLog.Deactivated(Runtime.Logger, GrainId.ToString(), reason.Code, reason.Description);

        foreach (var request in waiting)
        {
            request.Forward(Runtime);
        }

        Runtime.Catalog.OnDeactivated(this, reason);
        _deactivated.TrySetResult();
    }

    private List<PendingRequest> TakeWaitingAndInvalidate()
    {
        List<PendingRequest> waiting;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            waiting = [.. _waiting];
            _waiting.Clear();
            WaitingCount = 0;
        }

        Runtime.Catalog.AdjustWaiting(-waiting.Count);
        return waiting;
    }

    private void DisposeTimers()
    {
        GrainTimer[] timers;
        lock (_lock)
        {
            timers = _timers?.ToArray() ?? [];
            _timers = null;
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    private async Task DisposeInstanceAsync()
    {
        try
        {
            switch (GrainInstance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
        catch (Exception ex)
        {
            SiloLog.DeactivationFailed(Runtime.Logger, ex, GrainId.ToString());
        }
    }

    public override string ToString() => $"[Activation {GrainId} #{Id} {_state}]";

    private sealed class PinHandle(ActivationData activation) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                activation.Unpin();
            }
        }
    }
}
