using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Router.Testing.McpPeers;

/// <summary>
/// Records the progress an MCP client receives. Tests count progress with a session-wide notification handler
/// (<see cref="ClientOptions"/>): the C# client drops a call's own <see cref="IProgress{T}"/> as soon as the result is in
/// and dispatches every message on a task of its own, so that handler can miss a last step that came in order.
/// </summary>
public sealed class ProgressRecorder : IProgress<ProgressNotificationValue>
{
    private readonly List<ProgressNotificationValue> _values = [];
    private readonly List<(int Count, TaskCompletionSource<IReadOnlyList<ProgressNotificationValue>> Done)> _waiters = [];

    /// <summary>Called once, on the first value (e.g. to cancel the call that reports it).</summary>
    public Action? OnFirst { get; set; }

    public IReadOnlyList<ProgressNotificationValue> Values
    {
        get
        {
            lock (_values)
            {
                return [.. _values];
            }
        }
    }

    /// <summary>Client options with <paramref name="protocolVersion"/> whose session-wide handler reports every progress notification here.</summary>
    public McpClientOptions ClientOptions(string? protocolVersion) => new()
    {
        ProtocolVersion = protocolVersion,
        Handlers = new McpClientHandlers
        {
            NotificationHandlers = [new(NotificationMethods.ProgressNotification, (notification, _) =>
            {
                Report(new ProgressNotificationValue
                {
                    Progress = notification.Params!["progress"]!.GetValue<float>(),
                    Total = notification.Params!["total"]?.GetValue<float>(),
                });
                return ValueTask.CompletedTask;
            })],
        },
    };

    /// <summary>Completes with the values once <paramref name="count"/> of them arrived.</summary>
    public Task<IReadOnlyList<ProgressNotificationValue>> WhenCountAsync(int count)
    {
        lock (_values)
        {
            if (_values.Count >= count)
            {
                return Task.FromResult<IReadOnlyList<ProgressNotificationValue>>([.. _values]);
            }

            var done = new TaskCompletionSource<IReadOnlyList<ProgressNotificationValue>>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            return done.Task;
        }
    }

    public void Report(ProgressNotificationValue value)
    {
        Action? first;
        lock (_values)
        {
            _values.Add(value);
            first = _values.Count == 1 ? OnFirst : null;
            foreach (var waiter in _waiters.Where(w => w.Count <= _values.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult([.. _values]);
            }
        }

        first?.Invoke();
    }
}
