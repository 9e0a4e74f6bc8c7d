using System.Runtime.CompilerServices;

namespace Router.Silo.Activation;

/// <summary>
/// Moves to the thread pool when the current thread is running an activation's turn, so that a caller's
/// continuation never runs inside the callee's turn (where it would see the callee's synchronization context).
/// </summary>
internal readonly struct LeaveActivationAwaitable : ICriticalNotifyCompletion
{
    public bool IsCompleted => SynchronizationContext.Current is not ActivationSynchronizationContext;

    public LeaveActivationAwaitable GetAwaiter() => this;

    public void GetResult()
    {
    }

    public void OnCompleted(Action continuation) =>
        ThreadPool.QueueUserWorkItem(static c => c(), continuation, preferLocal: false);

    public void UnsafeOnCompleted(Action continuation) =>
        ThreadPool.UnsafeQueueUserWorkItem(static c => c(), continuation, preferLocal: false);
}
