using System.Collections.Concurrent;
using System.Diagnostics;

namespace Router.LoadDriver.Registry;

/// <summary>Many SSE subscribers on one node: delivery latency of every event to every subscriber, and losses.</summary>
internal static class FanOut
{
    public static async Task<string> RunAsync(Uri router, int subscribers, int events, TimeSpan spacing)
    {
        using var http = RegistryClient.CreateHttpClient(router, subscribers + 16);
        var client = new RegistryClient(http);
        var head = await client.HeadSequenceAsync();
        var streams = new List<(HttpResponseMessage Response, SseReader Reader)>();
        for (var s = 0; s < subscribers; s++)
        {
            streams.Add(await client.SubscribeAsync(head));
        }

        var sentAt = new ConcurrentDictionary<string, long>();
        var latencies = new LatencyRecorder();
        var received = new int[subscribers];
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var readers = streams.Select((stream, index) => Task.Run(async () =>
        {
            while (received[index] < events && await stream.Reader.ReadAsync(cancel.Token) is { } frame)
            {
                if (frame.Event != "instance.registered")
                {
                    continue;
                }

                var now = Stopwatch.GetTimestamp();
                var parsed = RegistryClient.Parse(frame);
                if (parsed.McpId == "fanout" && parsed.InstanceId is { } id && sentAt.TryGetValue(id, out var sent))
                {
                    latencies.Record(Stopwatch.GetElapsedTime(sent, now));
                    received[index]++;
                }
            }
        })).ToArray();

        for (var e = 0; e < events; e++)
        {
            var instanceId = $"f{e}";
            sentAt[instanceId] = Stopwatch.GetTimestamp();
            await client.RegisterAsync("fanout", instanceId);
            await Task.Delay(spacing);
        }

        await Task.WhenAll(readers);
        foreach (var (response, _) in streams)
        {
            response.Dispose();
        }

        var missing = received.Sum(r => events - r);
        return $"fan-out: {subscribers:N0} SSE subscribers x {events} events, delivery {latencies.Summary()}, missing {missing}";
    }
}
