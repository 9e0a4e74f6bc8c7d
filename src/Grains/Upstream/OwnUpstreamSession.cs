using System.Net.Http;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Router.Grains.Upstream;

/// <summary>
/// An upstream session that belongs to one agent session: bound to one replica for its life, with the agent's own
/// handlers for server-to-client requests and notifications. Requests on it time out like pooled ones; a broken session
/// is reset and reconnects (to the same replica) on the next request.
/// </summary>
internal sealed class OwnUpstreamSession(ReplicaConnection connection, TimeSpan callTimeout, TimeProvider timeProvider) : IAsyncDisposable
{
    /// <summary>The replica the session is bound to.</summary>
    public string InstanceId => connection.Replica.InstanceId;

    /// <summary>Sends request <paramref name="method"/> on this session and returns its result.</summary>
    /// <exception cref="UpstreamException">The request failed (a JSON-RPC error is the inner exception).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the replica was told to cancel.</exception>
    public async ValueTask<JsonNode?> SendAsync(string method, JsonNode? parameters, CancellationToken cancellationToken = default)
    {
        using var timeout = new CancellationTokenSource(callTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        ModelContextProtocol.Client.McpClient? client = null;
        try
        {
            client = await connection.GetClientAsync(linked.Token).ConfigureAwait(false);
            var response = await client.SendRequestAsync(new JsonRpcRequest { Method = method, Params = parameters }, linked.Token).ConfigureAwait(false);
            return response.Result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
        {
            throw new UpstreamException(UpstreamFailure.Timeout, InstanceId, $"{method} timed out after {callTimeout}.", e);
        }
        catch (McpProtocolException e)
        {
            throw new UpstreamException(UpstreamFailure.ProtocolError, InstanceId, $"{method} returned error {e.ErrorCode}.", e);
        }
        catch (Exception e) when (e is McpException or HttpRequestException or IOException or TimeoutException or InvalidOperationException)
        {
            if (client is not null)
            {
                await connection.ResetAsync(client).ConfigureAwait(false);
            }

            throw new UpstreamException(UpstreamFailure.ConnectFailed, InstanceId, $"{method} failed on the agent's own session.", e);
        }
    }

    /// <summary>Sends a notification on this session if it is connected (a notification never opens one).</summary>
    public async ValueTask NotifyAsync(string method, JsonNode? parameters, CancellationToken cancellationToken = default)
    {
        if (connection.Current is { } client)
        {
            await client.SendMessageAsync(new JsonRpcNotification { Method = method, Params = parameters }, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
