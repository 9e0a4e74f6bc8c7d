using System.Net;
using System.Net.Sockets;

namespace Router.Testing;

/// <summary>
/// A TCP relay between one client and a server (e.g. one router node and PostgreSQL): it listens on a free loopback port
/// and forwards every connection to <see cref="Target"/>, so a test can cut that client's network path and nobody
/// else's. <see cref="Cut"/> resets every relayed connection and refuses new ones; <see cref="Restore"/> accepts again on
/// the same port (held meanwhile, so nothing else takes it).
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private const int BufferSize = 16 * 1024;

    private readonly Lock _gate = new();
    private readonly HashSet<Relayed> _connections = [];
    private readonly List<Task> _running = [];
    private TcpListener? _listener;
    private PortReservation? _reservation;
    private bool _disposed;

    private TcpRelay(IPEndPoint target, TcpListener listener)
    {
        Target = target;
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Where connections are forwarded to.</summary>
    public IPEndPoint Target { get; }

    /// <summary>The loopback port the relay listens on; the same after <see cref="Restore"/>.</summary>
    public int Port { get; }

    /// <summary>True between <see cref="Cut"/> and <see cref="Restore"/>.</summary>
    public bool IsCut
    {
        get
        {
            lock (_gate)
            {
                return _listener is null;
            }
        }
    }

    /// <summary>How many connections are relayed right now.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Starts relaying 127.0.0.1:<see cref="Port"/> (a free port) to <paramref name="target"/>.</summary>
    public static TcpRelay Start(IPEndPoint target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var relay = new TcpRelay(target, listener);
        relay.StartAccepting(listener);
        return relay;
    }

    /// <summary>
    /// Cuts the path: every relayed connection is reset (both ends see the connection drop at once) and new connections
    /// are refused until <see cref="Restore"/>.
    /// </summary>
    public void Cut()
    {
        List<Relayed> cut;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_listener is null)
            {
                return;
            }

            _listener.Stop();
            _listener = null;
            cut = [.. _connections];
            _connections.Clear();
            foreach (var connection in cut)
            {
                connection.Reset();
            }

            // Bound but not listening: connections are refused, and the port stays this relay's.
            _reservation = PortReservation.Hold(Port);
        }
    }

    /// <summary>Accepts and relays connections again, on the same port.</summary>
    public void Restore()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_listener is not null)
            {
                return;
            }

            _reservation?.Dispose();
            _reservation = null;
            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Start();
            _listener = listener;
            StartAccepting(listener);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task[] running;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _listener?.Stop();
            _listener = null;
            _reservation?.Dispose();
            _reservation = null;
            foreach (var connection in _connections)
            {
                connection.Reset();
            }

            _connections.Clear();
            running = [.. _running];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private void StartAccepting(TcpListener listener)
    {
        var accepting = Task.Run(() => AcceptAsync(listener));
        lock (_gate)
        {
            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(accepting);
        }
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                // Stopped by Cut or DisposeAsync.
                return;
            }

            var connection = new Relayed(client);
            lock (_gate)
            {
                if (_listener != listener)
                {
                    // Accepted just as the path was cut.
                    connection.Reset();
                    continue;
                }

                _connections.Add(connection);
                _running.RemoveAll(t => t.IsCompleted);
                _running.Add(RelayAsync(connection));
            }
        }
    }

    private async Task RelayAsync(Relayed connection)
    {
        try
        {
            await connection.Server.ConnectAsync(Target).ConfigureAwait(false);

            // Either direction ending ends the connection: the protocols relayed here do not half-close.
            await Task.WhenAny(
                PumpAsync(connection.Client, connection.Server),
                PumpAsync(connection.Server, connection.Client)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The target refused, or the connection was cut.
        }
        finally
        {
            lock (_gate)
            {
                _connections.Remove(connection);
            }

            connection.Reset();
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                var sent = 0;
                while (sent < read)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Reset by either end or by Cut.
        }
    }

    /// <summary>One relayed connection: the accepted client socket and the socket to the target.</summary>
    private sealed class Relayed
    {
        public Relayed(Socket client)
        {
            Client = client;
            Client.NoDelay = true;
        }

        public Socket Client { get; }

        public Socket Server { get; } = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

        /// <summary>Closes both sockets with a reset (no graceful close): what a dropped network path looks like to each end.</summary>
        public void Reset()
        {
            foreach (var socket in new[] { Client, Server })
            {
                try
                {
                    socket.LingerState = new LingerOption(enable: true, seconds: 0);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // Never connected, or already closed.
                }

                socket.Dispose();
            }
        }
    }
}
