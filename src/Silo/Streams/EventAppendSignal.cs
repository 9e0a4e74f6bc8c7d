namespace Router.Silo.Streams;

/// <summary>
/// The newest event sequence number an event log knows of, and a wake-up for those waiting for a newer one.
/// Every advance completes one shared task that all current waiters await; they then re-check, so a waiter
/// never misses an advance that happens between its check and its wait.
/// </summary>
internal sealed class EventAppendSignal : IDisposable
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _advanced = NewSource();
    private long _last;
    private int _waiters;
    private bool _disposed;

    /// <summary>The highest sequence number seen so far.</summary>
    public long Last
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    /// <summary>How many callers are inside <see cref="WaitAsync"/>.</summary>
    public int WaiterCount => Volatile.Read(ref _waiters);

    /// <summary>Records that events up to <paramref name="sequence"/> exist; wakes the waiters if that is news.</summary>
    public void Advance(long sequence)
    {
        TaskCompletionSource advanced;
        lock (_gate)
        {
            if (_disposed || sequence <= _last)
            {
                return;
            }

            _last = sequence;
            advanced = _advanced;
            _advanced = NewSource();
        }

        advanced.TrySetResult();
    }

    /// <summary>
    /// Completes when <see cref="Last"/> exceeds <paramref name="afterSequence"/>. When it does not at first,
    /// <paramref name="readStoredLast"/> (if given) is asked once for the store's newest sequence, which catches
    /// appends this signal was not told about; after that only <see cref="Advance"/> wakes the wait.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The log was disposed while (or before) waiting.</exception>
    public async Task WaitAsync(long afterSequence, Func<CancellationToken, Task<long>>? readStoredLast, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _waiters);
        try
        {
            var askStore = readStoredLast is not null;
            while (true)
            {
                Task advanced;
                lock (_gate)
                {
                    if (_last > afterSequence)
                    {
                        return;
                    }

                    ObjectDisposedException.ThrowIf(_disposed, this);
                    advanced = _advanced.Task;
                }

                if (askStore)
                {
                    askStore = false;
                    Advance(await readStoredLast!(cancellationToken).ConfigureAwait(false));
                    continue;
                }

                await advanced.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiters);
        }
    }

    /// <summary>Fails current and future waits with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        TaskCompletionSource advanced;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            advanced = _advanced;
        }

        advanced.TrySetException(new ObjectDisposedException(nameof(IEventLog), "The event log was disposed."));

        // Observed here so that a disposal nobody waited through does not surface as an unobserved task exception.
        _ = advanced.Task.Exception;
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
