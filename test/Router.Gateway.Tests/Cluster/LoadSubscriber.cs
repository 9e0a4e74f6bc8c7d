using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Cluster;

/// <summary>
/// A subscriber of <c>GET /v1/events</c> from the log's start, reading in the background and keeping every event frame;
/// if its stream ends it reconnects with <c>Last-Event-ID</c>, as an EventSource does, and counts it.
/// </summary>
internal sealed class LoadSubscriber : IAsyncDisposable
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ReconnectPause = TimeSpan.FromMilliseconds(100);

    private readonly HttpClient _client;
    private readonly List<SseFrame> _frames = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private EventSubscriber? _current;
    private bool _stopped;
    private Task _reading = Task.CompletedTask;
    private int _reconnects;

    private LoadSubscriber(HttpClient client) => _client = client;

    /// <summary>How often the stream ended (or could not be opened again) and the subscriber reconnected.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>Opens the stream (from the first event: <c>?after=0</c>) and starts reading.</summary>
    public static async Task<LoadSubscriber> StartAsync(HttpClient client)
    {
        var subscriber = new LoadSubscriber(client);
        subscriber._current = await EventSubscriber.OpenAsync(client, "/v1/events?after=0");
        subscriber._reading = Task.Run(subscriber.ReadAsync);
        return subscriber;
    }

    /// <summary>Waits (bounded) for the frame of <paramref name="untilSequence"/>, stops, and returns every frame read.</summary>
    public async Task<IReadOnlyList<SseFrame>> StopAsync(long untilSequence)
    {
        await Bounded.UntilAsync(
            () =>
            {
                lock (_frames)
                {
                    return _frames.Count > 0 && _frames[^1].Sequence >= untilSequence;
                }
            },
            $"event {untilSequence} at the subscriber");
        await DisposeAsync();
        lock (_frames)
        {
            return [.. _frames];
        }
    }

    /// <summary>Stops reading and closes the stream.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _stopped = true;
        }

        await _stop.CancelAsync();
        CloseCurrent();
        await _reading;
    }

    private async Task ReadAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                EventSubscriber? subscriber;
                lock (_gate)
                {
                    subscriber = _current;
                }

                if (subscriber is null)
                {
                    subscriber = await EventSubscriber.OpenAsync(_client, "/v1/events", LastId());
                    lock (_gate)
                    {
                        if (_stopped)
                        {
                            subscriber.Dispose();
                            return;
                        }

                        _current = subscriber;
                    }
                }

                while (await subscriber.NextOrEndAsync(bound: Idle) is { } frame)
                {
                    lock (_frames)
                    {
                        _frames.Add(frame);
                    }
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TimeoutException)
            {
                // Could not open it again (yet), or it went silent: reconnect.
            }

            if (_stop.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref _reconnects);
            CloseCurrent();
            try
            {
                await Task.Delay(ReconnectPause, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void CloseCurrent()
    {
        EventSubscriber? current;
        lock (_gate)
        {
            current = _current;
            _current = null;
        }

        current?.Dispose();
    }

    private string? LastId()
    {
        lock (_frames)
        {
            return _frames.Count > 0 ? _frames[^1].Id : "0";
        }
    }
}
