using System.Threading.Channels;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Router.Grains.Upstream;

/// <summary>
/// Wraps a client transport so that progress notifications are handed on in the order they arrived, before any later
/// message (above all the answer to the request they report on) reaches the MCP client. The client dispatches each
/// incoming message on a task of its own, so through its notification handlers a request's last progress notification
/// could reach the agent after the answer, or not at all once the agent's stream has closed.
/// </summary>
/// <remarks>
/// The sink is called on the transport's read loop and must not block: it starts the relay and returns (the relay's
/// completion is awaited by whoever answers the request, not here), so a slow agent cannot stall a shared session.
/// </remarks>
internal sealed class ProgressRelayingTransport(IClientTransport inner, Action<JsonRpcNotification> progress) : IClientTransport
{
    public string Name => inner.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default) =>
        new Session(await inner.ConnectAsync(cancellationToken).ConfigureAwait(false), progress);

    private sealed class Session : ITransport
    {
        private readonly ITransport _inner;
        private readonly Action<JsonRpcNotification> _progress;
        // Synchronous continuations: the client's read loop resumes on the pump's thread instead of a woken pool thread,
        // so the wrapper adds no thread hop to a message's way in (the loop hands each message off at once).
        private readonly Channel<JsonRpcMessage> _messages = Channel.CreateUnbounded<JsonRpcMessage>(
            new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = true });

        private readonly Task _pump;

        public Session(ITransport inner, Action<JsonRpcNotification> progress)
        {
            _inner = inner;
            _progress = progress;
            _pump = PumpAsync();
        }

        public string? SessionId => _inner.SessionId;

        public ChannelReader<JsonRpcMessage> MessageReader => _messages.Reader;

        public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default) =>
            _inner.SendMessageAsync(message, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await _inner.DisposeAsync().ConfigureAwait(false);
            await _pump.ConfigureAwait(false);
        }

        private async Task PumpAsync()
        {
            Exception? failure = null;
            try
            {
                await foreach (var message in _inner.MessageReader.ReadAllAsync().ConfigureAwait(false))
                {
                    if (message is JsonRpcNotification { Method: NotificationMethods.ProgressNotification } notification)
                    {
                        try
                        {
                            _progress(notification);
                        }
                        catch (Exception e) when (e is not OutOfMemoryException)
                        {
                            // A progress notification that cannot be relayed must not end the session.
                        }

                        continue;
                    }

                    await _messages.Writer.WriteAsync(message).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failure = e;
            }
            finally
            {
                _messages.Writer.TryComplete(failure);
            }
        }
    }
}
