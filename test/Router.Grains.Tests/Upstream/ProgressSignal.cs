using ModelContextProtocol;

namespace Router.Grains.Tests.Upstream;

/// <summary>Completes <see cref="First"/> with the first progress notification a call reports.</summary>
internal sealed class ProgressSignal : IProgress<ProgressNotificationValue>
{
    private readonly TaskCompletionSource<ProgressNotificationValue> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<ProgressNotificationValue> First => _first.Task;

    public void Report(ProgressNotificationValue value) => _first.TrySetResult(value);
}
