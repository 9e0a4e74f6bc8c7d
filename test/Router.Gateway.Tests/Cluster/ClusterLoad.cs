using System.Collections.Concurrent;
using System.Diagnostics;
using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Cluster;

/// <summary>
/// A bounded load on cluster nodes: per node, one loop registering new instances of its own server and heartbeating the
/// last one acknowledged, and one loop calling the echo tool of a server registered on it, each request recorded. Every
/// request has its own bound, so a hang shows as a record (status 0) rather than a stuck test.
/// </summary>
internal sealed class ClusterLoad : IAsyncDisposable
{
    private static readonly TimeSpan RequestBound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(10);

    private readonly ConcurrentQueue<LoadRecord> _records = new();
    private readonly List<string>[] _acknowledged;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private Task[] _loops = [];

    private ClusterLoad(int nodes) => _acknowledged = [.. Enumerable.Range(0, nodes).Select(_ => new List<string>())];

    /// <summary>Starts the loops: node <c>i</c> registers instances of <paramref name="registerId"/>(i) and calls the tools of <paramref name="callId"/>(i).</summary>
    public static ClusterLoad Start(IReadOnlyList<TestNode> nodes, Func<int, string> registerId, Func<int, string> callId)
    {
        var load = new ClusterLoad(nodes.Count);
        load._loops =
        [
            .. nodes.Select((node, i) => Task.Run(() => load.RegisterLoopAsync(i, node.Client, registerId(i)))),
            .. nodes.Select((node, i) => Task.Run(() => load.CallLoopAsync(i, node.Client, callId(i)))),
        ];
        return load;
    }

    /// <summary>Now, on the clock of <see cref="LoadRecord.At"/>.</summary>
    public TimeSpan Mark() => _clock.Elapsed;

    /// <summary>The requests started at or after <paramref name="mark"/>.</summary>
    public IEnumerable<LoadRecord> Since(TimeSpan mark) => _records.Where(r => r.At >= mark);

    /// <summary>The instance ids of node <paramref name="node"/>'s registrations answered 2xx.</summary>
    public IReadOnlyList<string> Acknowledged(int node)
    {
        lock (_acknowledged[node])
        {
            return [.. _acknowledged[node]];
        }
    }

    /// <summary>Stops the loops and returns every request made.</summary>
    public async Task<IReadOnlyList<LoadRecord>> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        return [.. _records];
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RegisterLoopAsync(int node, HttpClient client, string mcpId)
    {
        var next = 0;
        while (!_stop.IsCancellationRequested)
        {
            var instanceId = $"r{next}";
            var registered = await SendAsync(node, LoadKind.Register, token =>
                client.PostAsync($"/v1/servers/{mcpId}/instances", RegistryCalls.Json(RegistryCalls.Registration(instanceId, interval: 300).ToJsonString()), token));
            if (registered.Succeeded)
            {
                lock (_acknowledged[node])
                {
                    _acknowledged[node].Add(instanceId);
                }

                next++;
            }

            // A registration answered 503 is tried again under the same id: it may or may not have been written.
            if (Acknowledged(node) is [.., var last])
            {
                await SendAsync(node, LoadKind.Heartbeat, token =>
                    client.PutAsync($"/v1/servers/{mcpId}/instances/{last}/heartbeat", content: null, token));
            }

            await PauseAsync();
        }
    }

    private async Task CallLoopAsync(int node, HttpClient client, string mcpId)
    {
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var message = n;
            await SendAsync(node, LoadKind.Call, token =>
                client.PostAsync($"/v1/mcp/proxy/{mcpId}/tool/call", RegistryCalls.Json($$$"""{"name":"echo","arguments":{"message":"{{{message}}}"}}"""), token));
            await PauseAsync();
        }
    }

    private async Task<LoadRecord> SendAsync(int node, LoadKind kind, Func<CancellationToken, Task<HttpResponseMessage>> send)
    {
        var at = _clock.Elapsed;
        using var bound = new CancellationTokenSource(RequestBound);
        LoadRecord record;
        try
        {
            using var response = await send(bound.Token);
            var body = await response.Content.ReadAsStringAsync(bound.Token);
            record = new LoadRecord(node, kind, at, (int)response.StatusCode, _clock.Elapsed - at, body);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            record = new LoadRecord(node, kind, at, 0, _clock.Elapsed - at, e.GetType().Name + ": " + e.Message);
        }

        _records.Enqueue(record);
        return record;
    }

    private async Task PauseAsync()
    {
        try
        {
            await Task.Delay(Pause, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
