using System.Net;
using System.Net.Http.Headers;

namespace Router.Gateway.Tests.Infrastructure;

/// <summary>A client of <c>GET /v1/events</c> (or any event stream): the open response and a frame reader on it.</summary>
internal sealed class EventSubscriber : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly SseReader _reader;
    private readonly CancellationTokenSource _closed = new();

    private EventSubscriber(HttpResponseMessage response, Stream stream)
    {
        _response = response;
        _reader = new SseReader(stream);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens <paramref name="path"/> (default the event feed) and returns once the response headers arrived.</summary>
    public static async Task<EventSubscriber> OpenAsync(
        HttpClient client, string path = "/v1/events", string? lastEventId = null, Action<HttpRequestHeaders>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        headers?.Invoke(request.Headers);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync();
            response.Dispose();
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {body}");
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventSubscriber(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event frame (comments skipped); fails when the stream ends or nothing arrives within the bound.</summary>
    public async Task<SseFrame> NextAsync(TimeSpan? bound = null) =>
        await NextOrEndAsync(includeComments: false, bound) ?? throw new InvalidOperationException("The event stream ended.");

    /// <summary>The next frame, comments included; null when the stream ended.</summary>
    public async Task<SseFrame?> NextOrEndAsync(bool includeComments = false, TimeSpan? bound = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token);
        timeout.CancelAfter(bound ?? Bounded.Wait);
        try
        {
            return await _reader.ReadAsync(includeComments, timeout.Token);
        }
        catch (OperationCanceledException) when (!_closed.IsCancellationRequested)
        {
            throw new TimeoutException($"No frame arrived within {bound ?? Bounded.Wait}.");
        }
    }

    /// <summary>The next <paramref name="count"/> event frames.</summary>
    public async Task<IReadOnlyList<SseFrame>> TakeAsync(int count)
    {
        var frames = new List<SseFrame>(count);
        while (frames.Count < count)
        {
            frames.Add(await NextAsync());
        }

        return frames;
    }

    /// <summary>Skips frames until one matches; returns it.</summary>
    public async Task<SseFrame> NextMatchingAsync(Func<SseFrame, bool> predicate)
    {
        while (true)
        {
            var frame = await NextAsync();
            if (predicate(frame))
            {
                return frame;
            }
        }
    }

    /// <summary>Every remaining complete event frame until the stream ends.</summary>
    public async Task<IReadOnlyList<SseFrame>> ReadToEndAsync()
    {
        var frames = new List<SseFrame>();
        while (await NextOrEndAsync() is { } frame)
        {
            frames.Add(frame);
        }

        return frames;
    }

    public void Dispose()
    {
        _closed.Cancel();
        _reader.Dispose();
        _response.Dispose();
        _closed.Dispose();
    }
}
