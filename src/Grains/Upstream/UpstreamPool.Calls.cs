using System.Net.Http;
using System.Net.Sockets;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Router.Grains.Upstream;

/// <summary>The calls an <see cref="UpstreamPool"/> routes, and how their failures are classified.</summary>
internal sealed partial class UpstreamPool
{
    /// <summary>Calls tool <paramref name="name"/> on a replica; progress notifications reach <paramref name="progress"/>.</summary>
    /// <exception cref="UpstreamException">No replica could take the call, or the call failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the replica was told to cancel.</exception>
    public ValueTask<CallToolResult> CallToolAsync(
        string name,
        IReadOnlyDictionary<string, object?>? arguments,
        IProgress<ProgressNotificationValue>? progress,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return ExecuteAsync(
            "tools/call",
            (client, token) => client.CallToolAsync(name, arguments, progress, options: null, token),
            cancellationToken);
    }

    /// <summary>Lists the tools of a replica (every page).</summary>
    /// <exception cref="UpstreamException">No replica could take the call, or the call failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<IReadOnlyList<Tool>> ListToolsAsync(CancellationToken cancellationToken = default) =>
        ExecuteAsync<IReadOnlyList<Tool>>(
            "tools/list",
            async (client, token) =>
            {
                var tools = await client.ListToolsAsync(options: null, token).ConfigureAwait(false);
                return [.. tools.Select(t => t.ProtocolTool)];
            },
            cancellationToken);

    private ValueTask<T> ExecuteAsync<T>(string operation, Func<McpClient, CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken) =>
        ExecuteAsync(operation, (_, client, token) => call(client, token), cancellationToken);

    private async ValueTask<T> ExecuteAsync<T>(
        string operation, Func<ReplicaConnection, McpClient, CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken)
    {
        // Created on the first connect failure: most calls never retry.
        HashSet<ReplicaConnection>? tried = null;
        Exception? lastConnectFailure = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var lease = Acquire(tried, lastConnectFailure);
            var connection = lease.Connection;
            var outcome = CallOutcome.NoVerdict;
            McpClient? client = null;
            using var timeout = new CancellationTokenSource(_options.CallTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                client = await connection.GetClientAsync(linked.Token).ConfigureAwait(false);
                var result = await call(connection, client, linked.Token).ConfigureAwait(false);
                outcome = CallOutcome.Answered;
                return result;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
            {
                outcome = CallOutcome.Failed;
                UpstreamLog.CallTimedOut(_logger, operation, connection.Replica.InstanceId, _options.CallTimeout);
                throw new UpstreamException(UpstreamFailure.Timeout, connection.Replica.InstanceId, $"{operation} timed out after {_options.CallTimeout}.", e);
            }
            catch (McpProtocolException e)
            {
                // The replica answered with a JSON-RPC error: it is healthy, and the request may have had effects.
                outcome = CallOutcome.Answered;
                throw new UpstreamException(UpstreamFailure.ProtocolError, connection.Replica.InstanceId, $"{operation} returned error {e.ErrorCode}.", e);
            }
            catch (Exception e) when (IsConnectFailure(e))
            {
                outcome = CallOutcome.Failed;
                UpstreamLog.ConnectFailed(_logger, connection.Replica.InstanceId, e);
                if (client is not null)
                {
                    await connection.ResetAsync(client).ConfigureAwait(false);
                }

                (tried ??= []).Add(connection);
                lastConnectFailure = e;
            }
            catch (Exception e) when (e is McpException or HttpRequestException or IOException or TimeoutException or InvalidOperationException)
            {
                outcome = CallOutcome.Failed;
                UpstreamLog.CallFailed(_logger, operation, connection.Replica.InstanceId, e);
                if (client is { Completion.IsCompleted: true })
                {
                    await connection.ResetAsync(client).ConfigureAwait(false);
                }

                throw new UpstreamException(UpstreamFailure.ProtocolError, connection.Replica.InstanceId, $"{operation} failed on the replica.", e);
            }
            finally
            {
                Release(lease, outcome);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="exception"/> says the TCP connection could not be opened, so the request was never
    /// written and retrying it elsewhere cannot repeat a side effect.
    /// </summary>
    private static bool IsConnectFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }:
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable }:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsConnectFailure):
                    return true;
            }
        }

        return false;
    }
}
