using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Router.Abstractions.Events;
using Router.Gateway.Diagnostics;
using Router.Gateway.Hosting;
using Router.Gateway.Options;
using Router.Silo.Streams;

namespace Router.Gateway.Events;

/// <summary>
/// The node's one reader of the event log's tail. It waits for appends, reads them in batches, encodes each event's SSE
/// frame once, keeps the newest <see cref="EventFeedOptions.FeedBufferSize"/> in a ring and wakes every subscriber;
/// subscribers copy from the ring without locks (each slot carries its sequence, so a reader detects an overwritten
/// slot). After each batch it closes live subscribers that fell more than <see cref="EventFeedOptions.MaxSubscriberLag"/>
/// behind. Subscribers older than the ring read the log themselves (<see cref="EventStream"/>). Only this loop writes
/// the ring; memory is bounded by the event count and by <see cref="EventFeedOptions.FeedBufferMaxBytes"/>.
/// </summary>
internal sealed class EventFeed : BackgroundService
{
    /// <summary>How many events one read of the log returns at most.</summary>
    public const int ReadBatchSize = 512;

    private static readonly TimeSpan MinRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Pause after a wake-up that found nothing to read, so that a signal ahead of visibility cannot spin.</summary>
    private static readonly TimeSpan EmptyReadPause = TimeSpan.FromMilliseconds(10);

    private readonly IServiceProvider _services;
    private readonly EventFeedOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<EventFeed> _logger;
    private readonly FeedEvent?[] _ring;
    private readonly ConcurrentDictionary<long, FeedSubscription> _subscriptions = new();
    private TaskCompletionSource _advanced = NewSignal();
    private IEventLog? _log;
    private long _head;
    private long _bytes;
    private long _first = 1;
    private long _nextSubscriptionId;

    public EventFeed(IServiceProvider services, IOptions<EventFeedOptions> options, TimeProvider timeProvider, ILogger<EventFeed> logger)
    {
        _services = services;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _ring = new FeedEvent?[_options.FeedBufferSize];
    }

    /// <summary>The event log the feed follows (the node's default storage's).</summary>
    public IEventLog Log => _log ??= _services.GetRequiredKeyedService<IEventLog>(RouterStorageSiloBuilderExtensions.StorageName);

    /// <summary>The sequence of the newest event in memory.</summary>
    public long Head => Volatile.Read(ref _head);

    /// <summary>How many subscribers are connected to this node.</summary>
    public int SubscriberCount => _subscriptions.Count;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The ring starts at the log's newest event, before the node serves requests: a subscriber without a cursor
        // then starts exactly there, and older cursors are served from the log.
        var bounds = await Log.GetBoundsAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _head, bounds.Last);
        Volatile.Write(ref _first, bounds.Last + 1);
        GatewayLog.EventFeedStarted(_logger, bounds.Last, _ring.Length);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Registers a subscriber at <paramref name="cursor"/>; dispose the result to unregister.</summary>
    public FeedSubscription Subscribe(long cursor)
    {
        var subscription = new FeedSubscription(this, Interlocked.Increment(ref _nextSubscriptionId), cursor);
        _subscriptions[subscription.Id] = subscription;
        return subscription;
    }

    public void Unsubscribe(FeedSubscription subscription) => _subscriptions.TryRemove(subscription.Id, out _);

    /// <summary>Copies up to <paramref name="max"/> events after <paramref name="after"/> from memory into <paramref name="into"/>.</summary>
    public RingRead TryRead(long after, List<FeedEvent> into, int max)
    {
        var head = Volatile.Read(ref _head);
        if (after >= head)
        {
            return RingRead.CaughtUp;
        }

        if (after + 1 < Volatile.Read(ref _first))
        {
            return RingRead.Behind;
        }

        var copied = 0;
        for (var sequence = after + 1; sequence <= head && copied < max; sequence++)
        {
            var slot = Volatile.Read(ref _ring[sequence % _ring.Length]);
            if (slot is null || slot.Sequence != sequence)
            {
                // Overwritten by a newer event since the checks above: this reader is a full ring behind.
                return copied > 0 ? RingRead.Read : RingRead.Behind;
            }

            into.Add(slot);
            copied++;
        }

        return RingRead.Read;
    }

    /// <summary>Completes when an event after <paramref name="after"/> is in memory.</summary>
    public Task WaitAsync(long after)
    {
        // Read the signal before the head: the loop publishes the head before it completes the signal.
        var advanced = Volatile.Read(ref _advanced);
        return Volatile.Read(ref _head) > after ? Task.CompletedTask : advanced.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retryDelay = MinRetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Log.WaitForAppendAsync(Head, stoppingToken).ConfigureAwait(false);
                var read = 0;
                while (true)
                {
                    var batch = await Log.ReadAsync(Head, ReadBatchSize, stoppingToken).ConfigureAwait(false);
                    if (batch.Count == 0)
                    {
                        break;
                    }

                    Publish(batch);
                    read += batch.Count;
                    if (batch.Count < ReadBatchSize)
                    {
                        break;
                    }
                }

                retryDelay = MinRetryDelay;
                if (read == 0)
                {
                    await Task.Delay(EmptyReadPause, _timeProvider, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (ObjectDisposedException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                GatewayLog.EventFeedReadFailed(_logger, exception, retryDelay);
                try
                {
                    await Task.Delay(retryDelay, _timeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    private void Publish(IReadOnlyList<LoggedEvent> batch)
    {
        var head = Head;
        var first = Volatile.Read(ref _first);
        if (batch[0].Sequence > head + 1)
        {
            // Trimmed before this loop read them (it fell behind retention): the ring restarts after the gap and
            // subscribers still before it take the log path, which answers with a snapshot reset.
            GatewayLog.EventFeedSkipped(_logger, head + 1, batch[0].Sequence - 1);
            for (var sequence = first; sequence <= head; sequence++)
            {
                Evict(sequence);
            }

            first = batch[0].Sequence;
            Volatile.Write(ref _first, first);
        }

        foreach (var logged in batch)
        {
            var encoded = EventFrames.Encode(logged);
            var slot = logged.Sequence % _ring.Length;
            _bytes += encoded.Frame.Length - (_ring[slot]?.Frame.Length ?? 0);
            Volatile.Write(ref _ring[slot], encoded);
        }

        var newHead = batch[^1].Sequence;
        first = Math.Max(first, newHead - _ring.Length + 1);

        // Beyond the byte budget the oldest events leave memory early; subscribers that need them read the log.
        while (_bytes > _options.FeedBufferMaxBytes && first < newHead)
        {
            Evict(first++);
        }

        Volatile.Write(ref _first, first);
        Volatile.Write(ref _head, newHead);
        Interlocked.Exchange(ref _advanced, NewSignal()).TrySetResult();
        CutLaggingSubscribers(newHead);
    }

    private void Evict(long sequence)
    {
        var slot = sequence % _ring.Length;
        if (_ring[slot] is { } held && held.Sequence == sequence)
        {
            _bytes -= held.Frame.Length;
            Volatile.Write(ref _ring[slot], null);
        }
    }

    private void CutLaggingSubscribers(long head)
    {
        foreach (var subscription in _subscriptions.Values)
        {
            var lag = head - subscription.Cursor;
            if (subscription.IsLive && lag > _options.MaxSubscriberLag)
            {
                subscription.Cut(FeedCutReason.Lag);
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
