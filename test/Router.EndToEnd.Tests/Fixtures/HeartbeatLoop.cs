using System.Net;

namespace Router.EndToEnd.Tests.Fixtures;

/// <summary>
/// Keeps one registered instance alive as its server would: a heartbeat several times per interval, so a busy machine
/// does not make a live instance miss one. Stopping it models the server dying: no heartbeat is sent after
/// <see cref="StopAsync"/> returns.
/// </summary>
internal sealed class HeartbeatLoop
{
    private readonly HttpClient[] _nodes;
    private readonly string _path;
    private readonly TimeSpan _period;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _rejected;
    private string? _lastRejection;
    private int _node;

    private HeartbeatLoop(HttpClient[] nodes, string mcpId, string instanceId, TimeSpan period)
    {
        _nodes = nodes;
        _path = $"/v1/servers/{mcpId}/instances/{instanceId}/heartbeat";
        _period = period;
        _loop = RunAsync();
    }

    /// <summary>Heartbeats that were not answered 204 (the instance was unknown, or the request failed).</summary>
    public int Rejected => Volatile.Read(ref _rejected);

    public string? LastRejection => Volatile.Read(ref _lastRejection);

    public static HeartbeatLoop Start(HttpClient http, string mcpId, string instanceId, TimeSpan period) => new([http], mcpId, instanceId, period);

    /// <summary>
    /// Heartbeats to the first of <paramref name="nodes"/> and, as a server behind a load balancer would, to the next one
    /// after a heartbeat that was not answered 204.
    /// </summary>
    public static HeartbeatLoop StartAcross(IReadOnlyList<HttpClient> nodes, string mcpId, string instanceId, TimeSpan period) =>
        new([.. nodes], mcpId, instanceId, period);

    /// <summary>Heartbeats answered 204.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    private int _accepted;

    /// <summary>Stops heartbeating and waits until no heartbeat is in flight.</summary>
    public async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _loop;
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_period);
        do
        {
            try
            {
                // Not cancelled by StopAsync: a heartbeat already sent is waited for, so none lands after the loop stopped.
                using var response = await _nodes[_node].PutAsync(_path, content: null, CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.NoContent)
                {
                    Interlocked.Increment(ref _rejected);
                    Volatile.Write(ref _lastRejection, $"HTTP {(int)response.StatusCode}");
                    _node = (_node + 1) % _nodes.Length;
                }
                else
                {
                    Interlocked.Increment(ref _accepted);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref _rejected);
                Volatile.Write(ref _lastRejection, e.Message);
                _node = (_node + 1) % _nodes.Length;
            }
        }
        while (await WaitAsync(timer));
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
