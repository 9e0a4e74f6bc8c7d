using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Router.Gateway.Tests.Infrastructure;

/// <summary>A logger provider that keeps every entry, so a test can await a log event as a signal of what the node did.</summary>
internal sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    /// <summary>Waits (within <see cref="Bounded.Wait"/>) for an entry with <paramref name="eventId"/> whose message satisfies <paramref name="predicate"/>.</summary>
    public async Task<LogEntry> WaitForAsync(int eventId, Func<string, bool>? predicate = null)
    {
        using var deadline = new CancellationTokenSource(Bounded.Wait);
        while (true)
        {
            Task added;
            lock (_gate)
            {
                added = _added.Task;
            }

            var found = _entries.FirstOrDefault(e => e.EventId == eventId && (predicate is null || predicate(e.Message)));
            if (found is not null)
            {
                return found;
            }

            try
            {
                await added.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No log event {eventId} within {Bounded.Wait}.");
            }
        }
    }

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        _entries.Enqueue(entry);
        TaskCompletionSource added;
        lock (_gate)
        {
            added = _added;
            _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        added.TrySetResult();
    }

    private sealed class Recorder(LogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception), exception?.ToString()));
    }
}
