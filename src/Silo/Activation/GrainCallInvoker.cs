using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Router.Abstractions.Grains;
using Router.Abstractions.Invocation;
using Router.Silo.Diagnostics;
using Router.Silo.Membership;
using Router.Silo.Placement;

namespace Router.Silo.Activation;

/// <summary>
/// Carries calls from grain references to activations. The fast path — an idle, valid activation — runs
/// the grain method inline on the caller's thread under the activation's synchronization context, with no
/// allocation by the runtime. Anything else queues a <see cref="PendingCall{TRequest, TResult}"/>.
/// </summary>
internal sealed class GrainCallInvoker(SiloRuntime runtime) : IGrainCallInvoker
{
    /// <summary>Inline runs nest when grains call grains synchronously; past this depth calls queue instead.</summary>
    private const int MaxInlineDepth = 8;

    [ThreadStatic]
    private static int _inlineDepth;

    private readonly bool _serializeLocalCalls = runtime.Options.SerializeLocalCalls;
    private readonly SiloMembership? _membership = runtime.Membership;
    private readonly GrainPlacement? _placement = runtime.Placement;

    public ValueTask<TResult> InvokeAsync<TRequest, TResult>(GrainReference target, TRequest request)
        where TRequest : struct, IGrainRequest<TRequest, TResult>
    {
        if (_membership is { IsServing: false })
        {
            return ValueTask.FromException<TResult>(new SiloUnavailableException());
        }

        // In a cluster, a call to a single-activation grain that has no valid activation here goes through placement.
        if (_placement is { } placement && !IsServedHere(target))
        {
            return placement.InvokeAsync<TRequest, TResult>(target, request, context: null);
        }

        return InvokeLocal<TRequest, TResult>(target, request);
    }

    /// <summary>A call another silo sent here: placement runs it here or forwards it, and says in <paramref name="context"/> where it ran.</summary>
    public ValueTask<TResult> InvokeAsync<TRequest, TResult>(GrainReference target, TRequest request, RemoteCallContext context)
        where TRequest : struct, IGrainRequest<TRequest, TResult> =>
        _placement is { } placement && _membership is { IsServing: true }
            ? placement.InvokeAsync<TRequest, TResult>(target, request, context)
            : InvokeAsync<TRequest, TResult>(target, request);

    /// <summary>Runs the call on this silo's activation of the grain, making one if there is none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ValueTask<TResult> InvokeLocal<TRequest, TResult>(GrainReference target, TRequest request)
        where TRequest : struct, IGrainRequest<TRequest, TResult>
    {
        if (_serializeLocalCalls)
        {
            return InvokeSerializedAsync<TRequest, TResult>(target, request);
        }

        if (SiloInstruments.ActivitySource.HasListeners())
        {
            return InvokeTracedAsync<TRequest, TResult>(target, request);
        }

        return InvokeCore<TRequest, TResult>(target, in request);
    }

    /// <summary>
    /// Whether the reference already points at what serves it here: an activation that registered and activated (so it
    /// cannot lose the directory race any more), or a stateless-worker group.
    /// </summary>
    private static bool IsServedHere(GrainReference target) =>
        target.RuntimeCache is ActivationData { State: ActivationState.Valid } or StatelessWorkerGroup { IsRemoved: false };

    private ValueTask<TResult> InvokeCore<TRequest, TResult>(GrainReference target, in TRequest request)
        where TRequest : struct, IGrainRequest<TRequest, TResult>
    {
        var cached = target.RuntimeCache;
        if (cached is not ActivationData activation || !activation.IsUsable)
        {
            if (cached is not StatelessWorkerGroup group || group.IsRemoved)
            {
                var resolved = runtime.Catalog.Resolve(target.GrainId);
                target.RuntimeCache = resolved;
                if (resolved is StatelessWorkerGroup resolvedGroup)
                {
                    return InvokeWorker<TRequest, TResult>(resolvedGroup, in request);
                }

                activation = (ActivationData)resolved;
            }
            else
            {
                return InvokeWorker<TRequest, TResult>(group, in request);
            }
        }

        var kind = activation.Classify(TRequest.Method);
        if (_inlineDepth < MaxInlineDepth && activation.TryEnterInline(kind))
        {
            return RunInline<TRequest, TResult>(activation, kind, in request);
        }

        var pending = new PendingCall<TRequest, TResult>(activation.GrainId, kind, in request);
        activation.Enqueue(pending);
        return pending.Task;
    }

    private static ValueTask<TResult> InvokeWorker<TRequest, TResult>(StatelessWorkerGroup group, in TRequest request)
        where TRequest : struct, IGrainRequest<TRequest, TResult>
    {
        if (_inlineDepth < MaxInlineDepth)
        {
            foreach (var worker in group.Workers)
            {
                var workerKind = worker.Classify(TRequest.Method);
                if (worker.TryEnterInline(workerKind))
                {
                    return RunInline<TRequest, TResult>(worker, workerKind, in request);
                }
            }
        }

        var selected = group.SelectForQueue();
        var pending = new PendingCall<TRequest, TResult>(group.GrainId, selected.Classify(TRequest.Method), in request);
        selected.Enqueue(pending);
        return pending.Task;
    }

    private static ValueTask<TResult> RunInline<TRequest, TResult>(ActivationData activation, RequestKind kind, in TRequest request)
        where TRequest : struct, IGrainRequest<TRequest, TResult>
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(activation.SynchronizationContext);
        _inlineDepth++;
        ValueTask<TResult> result;
        try
        {
            result = request.InvokeAsync(activation.GrainInstance!);
        }
        catch (Exception ex)
        {
            result = ValueTask.FromException<TResult>(ex);
        }
        finally
        {
            _inlineDepth--;
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        if (result.IsCompletedSuccessfully)
        {
            activation.ExitInline(kind, completed: true, fault: null);
            return result;
        }

        if (result.IsCompleted)
        {
            var faulted = result.AsTask();
            activation.ExitInline(kind, completed: true, faulted.Exception?.InnerException ?? new OperationCanceledException());
            return new ValueTask<TResult>(faulted);
        }

        activation.ExitInline(kind, completed: false, fault: null);
        return AwaitInlineAsync(activation, kind, result);
    }

    private static async ValueTask<TResult> AwaitInlineAsync<TResult>(ActivationData activation, RequestKind kind, ValueTask<TResult> running)
    {
        TResult result;
        try
        {
            result = await running.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activation.CompleteRequest(kind, touch: true, ex);
            var captured = ExceptionDispatchInfo.Capture(ex);
            await new LeaveActivationAwaitable();
            captured.Throw();
            throw;
        }

        activation.CompleteRequest(kind, touch: true, fault: null);
        await new LeaveActivationAwaitable();
        return result;
    }

    private async ValueTask<TResult> InvokeTracedAsync<TRequest, TResult>(GrainReference target, TRequest request)
        where TRequest : struct, IGrainRequest<TRequest, TResult>
    {
        using var activity = SiloInstruments.ActivitySource.StartActivity(TRequest.Method.DisplayName, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag("rpc.system", "router");
            activity.SetTag("rpc.service", TRequest.Method.InterfaceType.Name);
            activity.SetTag("rpc.method", TRequest.Method.Name);
            activity.SetTag("router.grain.id", target.GrainId.ToString());
        }

        try
        {
            return await InvokeCore<TRequest, TResult>(target, in request).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    /// <summary>Round-trips arguments and result through JSON, exactly as a call to another node would.</summary>
    private async ValueTask<TResult> InvokeSerializedAsync<TRequest, TResult>(GrainReference target, TRequest request)
        where TRequest : struct, IGrainRequest<TRequest, TResult>
    {
        var options = runtime.Serializer.Options;
        var copy = RoundTrip<TRequest, TResult>(request, options);
        var result = await InvokeCore<TRequest, TResult>(target, in copy).ConfigureAwait(false);
        if (typeof(TResult) == typeof(NoResult))
        {
            return result;
        }

        var typeInfo = GrainArguments.GetTypeInfo<TResult>(options);
        return JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(result, typeInfo), typeInfo)!;
    }

    private static TRequest RoundTrip<TRequest, TResult>(in TRequest request, JsonSerializerOptions options)
        where TRequest : struct, IGrainRequest<TRequest, TResult>
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            request.WriteArguments(writer, options);
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return TRequest.ReadArguments(ref reader, options);
    }
}
