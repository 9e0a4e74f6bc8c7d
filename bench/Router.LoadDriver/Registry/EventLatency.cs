using System.Collections.Concurrent;
using System.Diagnostics;

namespace Router.LoadDriver.Registry;

/// <summary>Registration → event at a subscriber, and connection-lease close → <c>instance.disconnected</c>.</summary>
internal static class EventLatency
{
    public static async Task<string> RegistrationToEventAsync(Uri router, int count)
    {
        using var http = RegistryClient.CreateHttpClient(router, 8);
        var client = new RegistryClient(http);
        var pending = new ConcurrentDictionary<string, long>();
        var latencies = new LatencyRecorder();
        var (response, reader) = await client.SubscribeAsync(await client.HeadSequenceAsync());
        using (response)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var listener = ListenAsync(reader, "instance.registered", pending, latencies, count, cancel.Token);
            for (var i = 0; i < count; i++)
            {
                var instanceId = $"r{i}";
                pending[instanceId] = Stopwatch.GetTimestamp();
                await client.RegisterAsync("latency", instanceId);
            }

            await listener;
        }

        return $"registration → event at a subscriber (same node): {latencies.Summary()}";
    }

    public static async Task<string> LeaseCloseToDisconnectedAsync(Uri router, int count)
    {
        using var http = RegistryClient.CreateHttpClient(router, count + 16);
        var client = new RegistryClient(http);
        var leases = new List<(string InstanceId, HttpResponseMessage Lease)>();
        for (var i = 0; i < count; i++)
        {
            var instanceId = $"l{i}";
            await client.RegisterAsync("leases", instanceId, intervalSeconds: 30);
            leases.Add((instanceId, await client.OpenLeaseAsync("leases", instanceId)));
        }

        var pending = new ConcurrentDictionary<string, long>();
        var latencies = new LatencyRecorder();
        var (response, reader) = await client.SubscribeAsync(await client.HeadSequenceAsync());
        using (response)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var listener = ListenAsync(reader, "instance.disconnected", pending, latencies, count, cancel.Token);
            foreach (var (instanceId, lease) in leases)
            {
                pending[instanceId] = Stopwatch.GetTimestamp();
                lease.Dispose();
                await Task.Delay(5);
            }

            await listener;
        }

        return $"connection-lease close → instance.disconnected: {latencies.Summary()}";
    }

    private static async Task ListenAsync(
        SseReader reader, string type, ConcurrentDictionary<string, long> pending, LatencyRecorder latencies, int expected, CancellationToken cancellationToken)
    {
        while (latencies.Count < expected && await reader.ReadAsync(cancellationToken) is { } frame)
        {
            if (frame.Event != type)
            {
                continue;
            }

            var parsed = RegistryClient.Parse(frame);
            if (parsed.InstanceId is { } id && pending.TryRemove(id, out var sent))
            {
                latencies.Record(Stopwatch.GetElapsedTime(sent));
            }
        }

        if (latencies.Count < expected)
        {
            throw new InvalidOperationException($"the feed ended after {latencies.Count} of {expected} {type} events");
        }
    }
}
