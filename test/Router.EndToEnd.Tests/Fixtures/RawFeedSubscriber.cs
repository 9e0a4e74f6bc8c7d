using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Router.EndToEnd.Tests.Fixtures;

/// <summary>
/// A dashboard as users write one: a plain HTTP GET on /v1/events read line by line, no client library.
/// </summary>
internal sealed class RawFeedSubscriber : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<FeedEvent> _events = Channel.CreateUnbounded<FeedEvent>();
    private readonly List<FeedEvent> _seen = [];
    private Task _reading = Task.CompletedTask;

    private RawFeedSubscriber(Uri router) => _http = new HttpClient { BaseAddress = router, Timeout = Timeout.InfiniteTimeSpan };

    public IReadOnlyList<FeedEvent> Seen => _seen;

    /// <summary>Subscribes from the current head (the snapshot's sequence), so nothing after this call is missed.</summary>
    public static async Task<RawFeedSubscriber> StartAsync(Uri router)
    {
        var subscriber = new RawFeedSubscriber(router);
        using var snapshot = JsonDocument.Parse(await subscriber._http.GetStringAsync("/v1/events/snapshot"));
        var after = snapshot.RootElement.GetProperty("sequence").GetInt64();
        var response = await subscriber._http.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, $"/v1/events?after={after}"), HttpCompletionOption.ResponseHeadersRead, subscriber._stop.Token);
        response.EnsureSuccessStatusCode();
        subscriber._reading = subscriber.ReadAsync(response);
        return subscriber;
    }

    /// <summary>Waits for the next event matching <paramref name="match"/>, recording everything on the way.</summary>
    public async Task<FeedEvent> WaitForAsync(Func<FeedEvent, bool> match, TimeSpan timeout)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        cancel.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(cancel.Token);
                _seen.Add(next);
                if (match(next))
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException(
                $"No matching event within {timeout}. Seen: {string.Join(", ", _seen.Select(e => $"{e.Sequence}:{e.Type}:{e.McpId}/{e.InstanceId}"))}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token), Encoding.UTF8);
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Append(line.AsSpan(5).TrimStart(' '));
                }
                else if (line.Length == 0 && data.Length > 0)
                {
                    Publish(data.ToString());
                    data.Clear();
                }
            }
        }
    }

    private void Publish(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("sequence", out var sequence) || !root.TryGetProperty("type", out var type))
        {
            return;
        }

        _events.Writer.TryWrite(new FeedEvent(
            sequence.GetInt64(),
            type.GetString()!,
            root.GetProperty("mcpId").GetString()!,
            root.TryGetProperty("instanceId", out var id) ? id.GetString() : null,
            json));
    }
}
