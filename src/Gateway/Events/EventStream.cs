using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Router.Gateway.Diagnostics;
using Router.Gateway.Http;
using Router.Gateway.Options;

namespace Router.Gateway.Events;

/// <summary>
/// Serves one <c>GET /v1/events</c> connection with its own loop, so that a slow subscriber only ever slows itself: it
/// copies events from the feed's ring while its cursor is inside it and reads the event log while it is older
/// (catching up), applies its filters, writes the frames and flushes. A cursor whose successors were trimmed gets
/// <c>reset</c> then <c>snapshot</c>, and continues after the snapshot. The stream closes when the subscriber falls
/// more than <see cref="EventFeedOptions.MaxSubscriberLag"/> behind while live, or when a write takes longer than
/// <see cref="EventFeedOptions.SubscriberWriteTimeout"/>; it ends quietly when the node stops.
/// </summary>
internal sealed class EventStream
{
    /// <summary>Flush before the written but unflushed frames exceed this many bytes.</summary>
    private const int FlushThreshold = 64 * 1024;

    private const int MaxBatch = 256;

    private readonly EventFeed _feed;
    private readonly EventFeedOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<EventStream> _logger;

    public EventStream(
        EventFeed feed,
        IOptions<EventFeedOptions> options,
        IHostApplicationLifetime lifetime,
        TimeProvider timeProvider,
        ILogger<EventStream> logger)
    {
        _feed = feed;
        _options = options.Value;
        _lifetime = lifetime;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Streams events after <paramref name="after"/> (after the log's newest event when null) until the stream ends.</summary>
    public async Task RunAsync(HttpContext context, long? after, EventFilter filter)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(filter);
        var log = _feed.Log;

        // The cursor is fixed before the response starts: once a client sees 200, every later event reaches it.
        var bounds = await log.GetBoundsAsync(context.RequestAborted).ConfigureAwait(false);
        using var subscription = _feed.Subscribe(after ?? bounds.Last);
        using var writeTimer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(
            context.RequestAborted, _lifetime.ApplicationStopping, subscription.CutToken, writeTimer.Token);
        var session = new Session(this, context, subscription, filter, writeTimer, linked.Token);
        GatewayLog.SubscriberConnected(_logger, subscription.Id, context.Connection.RemoteIpAddress?.ToString(), subscription.Cursor);
        try
        {
            await EventStreamResponse.StartAsync(context, linked.Token).ConfigureAwait(false);
            if (after is { } cursor)
            {
                if (cursor > bounds.Last)
                {
                    await session.ResetAsync(FeedReset.CursorUnknown).ConfigureAwait(false);
                }
                else if (bounds.FirstRetained > cursor + 1)
                {
                    await session.ResetAsync(FeedReset.CursorExpired).ConfigureAwait(false);
                }
            }

            await session.PumpAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            if (subscription.CutReason == FeedCutReason.Lag)
            {
                GatewayLog.SubscriberCutForLag(_logger, subscription.Id, _feed.Head - subscription.Cursor, _options.MaxSubscriberLag, subscription.Cursor);
                context.Abort();
            }
            else if (writeTimer.IsCancellationRequested)
            {
                GatewayLog.SubscriberCutForWriteTimeout(_logger, subscription.Id, _options.SubscriberWriteTimeout, subscription.Cursor);
                context.Abort();
            }

            // Otherwise the client went away or the node is stopping: the response just ends.
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            GatewayLog.SubscriberFailed(_logger, exception, subscription.Id, subscription.Cursor);
            context.Abort();
        }
        finally
        {
            GatewayLog.SubscriberDisconnected(_logger, subscription.Id, subscription.Cursor);
        }
    }

    /// <summary>The state of one connection's loop.</summary>
    private sealed class Session(
        EventStream owner,
        HttpContext context,
        FeedSubscription subscription,
        EventFilter filter,
        CancellationTokenSource writeTimer,
        CancellationToken cancellationToken)
    {
        private readonly PipeWriter _writer = context.Response.BodyWriter;
        private readonly List<FeedEvent> _batch = new(MaxBatch);
        private readonly int _batchSize = Math.Clamp(owner._options.MaxSubscriberLag, 1, MaxBatch);
        private readonly TimeSpan _keepAlive = TimeSpan.FromSeconds(owner._options.KeepAliveSeconds);
        private long _lastWrite = owner._timeProvider.GetTimestamp();
        private int _unflushed;

        private EventFeed Feed => owner._feed;

        private long Cursor => subscription.Cursor;

        public async Task PumpAsync()
        {
            while (true)
            {
                _batch.Clear();
                switch (Feed.TryRead(Cursor, _batch, _batchSize))
                {
                    case RingRead.CaughtUp:
                        subscription.SetLive(true);
                        if (!await WaitForEventsAsync().ConfigureAwait(false))
                        {
                            return;
                        }

                        continue;

                    case RingRead.Read:
                        // Only a subscriber that has caught up since it (re)connected is held to the lag limit: one
                        // resuming after a disconnect starts behind by design, and catches up at its own pace.
                        if (subscription.IsLive && Feed.Head - Cursor > owner._options.MaxSubscriberLag)
                        {
                            subscription.Cut(FeedCutReason.Lag);
                            cancellationToken.ThrowIfCancellationRequested();
                        }

                        break;

                    case RingRead.Behind:
                        subscription.SetLive(false);
                        if (!await ReadLogAsync().ConfigureAwait(false))
                        {
                            continue;
                        }

                        break;
                }

                if (!await WriteBatchAsync().ConfigureAwait(false))
                {
                    return;
                }
            }
        }

        /// <summary>Sends <c>reset</c> and <c>snapshot</c>, and moves the cursor to the snapshot's sequence.</summary>
        public async Task ResetAsync(string reason)
        {
            var log = Feed.Log;
            var bounds = await log.GetBoundsAsync(cancellationToken).ConfigureAwait(false);
            var snapshot = await RegistrySnapshots.ReadAsync(log, filter.McpIds, cancellationToken).ConfigureAwait(false);
            GatewayLog.SubscriberReset(owner._logger, subscription.Id, Cursor, reason, bounds.FirstRetained, snapshot.Sequence);
            Append(EventFrames.Reset(new FeedReset(reason, bounds.FirstRetained)));
            Append(EventFrames.Snapshot(snapshot));
            await FlushAsync().ConfigureAwait(false);
            subscription.Advance(snapshot.Sequence);
        }

        /// <summary>Fills the batch from the event log; false (after a reset) when the events after the cursor are gone.</summary>
        private async Task<bool> ReadLogAsync()
        {
            var cursor = Cursor;
            var events = await Feed.Log.ReadAsync(cursor, _batchSize, cancellationToken).ConfigureAwait(false);
            if (events.Count > 0 && events[0].Sequence == cursor + 1)
            {
                foreach (var logged in events)
                {
                    _batch.Add(EventFrames.Encode(logged));
                }

                return true;
            }

            var bounds = await Feed.Log.GetBoundsAsync(cancellationToken).ConfigureAwait(false);
            await ResetAsync(cursor > bounds.Last ? FeedReset.CursorUnknown : FeedReset.CursorExpired).ConfigureAwait(false);
            return false;
        }

        /// <summary>Waits for the next event, sending keep-alive comments while idle; false when the client went away.</summary>
        private async Task<bool> WaitForEventsAsync()
        {
            var next = Feed.WaitAsync(Cursor);
            if (next.IsCompleted)
            {
                return true;
            }

            var remaining = _keepAlive - owner._timeProvider.GetElapsedTime(_lastWrite);
            if (remaining > TimeSpan.Zero)
            {
                try
                {
                    await next.WaitAsync(remaining, owner._timeProvider, cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (TimeoutException)
                {
                    // Idle for the keep-alive period.
                }
            }

            Append(EventFrames.KeepAlive.Span);
            return await FlushAsync().ConfigureAwait(false);
        }

        private async Task<bool> WriteBatchAsync()
        {
            foreach (var feedEvent in _batch)
            {
                if (!filter.Matches(feedEvent))
                {
                    continue;
                }

                Append(feedEvent.Frame);
                if (_unflushed >= FlushThreshold && !await FlushAsync().ConfigureAwait(false))
                {
                    return false;
                }
            }

            if (_unflushed > 0 && !await FlushAsync().ConfigureAwait(false))
            {
                return false;
            }

            subscription.Advance(_batch[^1].Sequence);
            return true;
        }

        private void Append(ReadOnlySpan<byte> frame)
        {
            _writer.Write(frame);
            _unflushed += frame.Length;
        }

        /// <summary>Flushes within the write timeout; false when the client is gone.</summary>
        private async Task<bool> FlushAsync()
        {
            writeTimer.CancelAfter(owner._options.SubscriberWriteTimeout);
            var result = await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            writeTimer.CancelAfter(Timeout.InfiniteTimeSpan);
            cancellationToken.ThrowIfCancellationRequested();
            _unflushed = 0;
            _lastWrite = owner._timeProvider.GetTimestamp();
            return !result.IsCompleted && !result.IsCanceled;
        }
    }
}
