using System.Diagnostics;
using System.Threading.Tasks.Sources;
using Router.Abstractions.Grains;
using Router.Abstractions.Invocation;

namespace Router.Silo.Activation;

/// <summary>A queued grain call; also the source of the caller's <see cref="ValueTask{TResult}"/>.</summary>
internal sealed class PendingCall<TRequest, TResult> : PendingRequest, IValueTaskSource<TResult>
    where TRequest : struct, IGrainRequest<TRequest, TResult>
{
    private readonly TRequest _request;
    private ManualResetValueTaskSourceCore<TResult> _core;
    private ValueTask<TResult> _running;
    private long _startTimestamp;
    private int _completed;

    public PendingCall(GrainId grainId, RequestKind kind, in TRequest request)
        : base(grainId, kind)
    {
        _request = request;
        _core.RunContinuationsAsynchronously = true;
    }

    public override string MethodName => TRequest.Method.DisplayName;

    public ValueTask<TResult> Task => new(this, _core.Version);

    public override void Start()
    {
        var activation = Activation!;
        var instruments = activation.Runtime.Instruments;
        if (instruments.TurnDuration.Enabled)
        {
            _startTimestamp = Stopwatch.GetTimestamp();
        }

        ValueTask<TResult> running;
        try
        {
            running = _request.InvokeAsync(activation.GrainInstance!);
        }
        catch (Exception ex)
        {
            Finish(ex);
            return;
        }

        if (running.IsCompleted)
        {
            Finish(running);
            return;
        }

        _running = running;
        running.GetAwaiter().UnsafeOnCompleted(OnRunningCompleted);
    }

    public override void Fail(Exception exception)
    {
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            _core.SetException(exception);
        }
    }

    public TResult GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void OnRunningCompleted()
    {
        var running = _running;
        _running = default;
        Finish(running);
    }

    private void Finish(ValueTask<TResult> completed)
    {
        TResult result;
        try
        {
            // The task has completed: GetResult returns at once and consumes a pooled source exactly once.
            result = completed.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            Finish(ex);
            return;
        }

        RecordTurn();
        Activation!.CompleteRequest(Kind, touch: true, fault: null);
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            _core.SetResult(result);
        }
    }

    private void Finish(Exception exception)
    {
        RecordTurn();
        Activation!.CompleteRequest(Kind, touch: true, fault: exception);
        Fail(exception);
    }

    private void RecordTurn()
    {
        if (_startTimestamp != 0)
        {
            Activation!.Runtime.Instruments.TurnDuration.Record(Stopwatch.GetElapsedTime(_startTimestamp).TotalMilliseconds);
        }
    }
}
