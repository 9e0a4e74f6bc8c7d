using System.Collections.Concurrent;
using ModelContextProtocol.Protocol;

namespace Router.Samples.WeatherServer.Mcp;

/// <summary>
/// The requests being served, by JSON-RPC id, so that a <c>notifications/cancelled</c> arriving on its own POST can
/// cancel one. The endpoint is stateless, so ids are not scoped to a session: when two clients have the same id in
/// flight only the first is registered. Good enough for a test peer; a real server scopes ids by session.
/// </summary>
internal sealed class InFlightRequests
{
    private readonly ConcurrentDictionary<RequestId, CancellationTokenSource> _requests = new();

    /// <summary>Registers <paramref name="id"/>; dispose the result when the request ends.</summary>
    public Registration Register(RequestId id, CancellationTokenSource cancellation) =>
        _requests.TryAdd(id, cancellation) ? new Registration(this, id, cancellation) : default;

    /// <summary>Cancels request <paramref name="id"/> if it is in flight.</summary>
    public void Cancel(RequestId id)
    {
        if (_requests.TryGetValue(id, out var cancellation))
        {
            cancellation.Cancel();
        }
    }

    /// <summary>Removes a request when it ends.</summary>
    public readonly struct Registration(InFlightRequests? owner, RequestId id, CancellationTokenSource? cancellation) : IDisposable
    {
        public void Dispose()
        {
            if (owner is not null && cancellation is not null)
            {
                owner._requests.TryRemove(KeyValuePair.Create(id, cancellation));
            }
        }
    }
}
