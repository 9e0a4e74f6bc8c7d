using System.Net;
using System.Net.Sockets;

namespace Router.Grains.Tests.Upstream;

/// <summary>
/// A loopback TCP forwarder to a real server that a test can close (connections are then refused, as if the
/// replica were down) and open again on the same port (the replica is back).
/// </summary>
internal sealed class LoopbackGate : IAsyncDisposable
{
    private readonly int _targetPort;
    private readonly List<TcpClient> _connections = [];
    private TcpListener? _listener;
    private Task? _accepting;

    private LoopbackGate(int targetPort, int port)
    {
        _targetPort = targetPort;
        Port = port;
    }

    public int Port { get; }

    public static LoopbackGate Open(int targetPort)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var gate = new LoopbackGate(targetPort, port);
        gate.Reopen();
        return gate;
    }

    /// <summary>Starts accepting and forwarding again.</summary>
    public void Reopen()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _accepting = AcceptAsync(listener);
    }

    /// <summary>Stops listening and drops every forwarded connection, so new connections are refused.</summary>
    public async Task CloseAsync()
    {
        _listener?.Stop();
        _listener = null;
        if (_accepting is not null)
        {
            await _accepting;
        }

        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }

            _connections.Clear();
        }
    }

    public async ValueTask DisposeAsync() => await CloseAsync();

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            var outbound = new TcpClient(AddressFamily.InterNetwork);
            lock (_connections)
            {
                _connections.Add(inbound);
                _connections.Add(outbound);
            }

            _ = ForwardAsync(inbound, outbound);
        }
    }

    private async Task ForwardAsync(TcpClient inbound, TcpClient outbound)
    {
        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _targetPort);
            await Task.WhenAny(
                inbound.GetStream().CopyToAsync(outbound.GetStream()),
                outbound.GetStream().CopyToAsync(inbound.GetStream()));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The gate closed or a side hung up: the forwarded connection ends either way.
        }
        finally
        {
            inbound.Dispose();
            outbound.Dispose();
        }
    }
}
