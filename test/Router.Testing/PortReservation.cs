using System.Net;
using System.Net.Sockets;

namespace Router.Testing;

/// <summary>
/// Holds a loopback TCP port while nothing listens on it: a socket bound to the port but not listening. Connections to
/// it are refused, as to a stopped server, and the kernel hands the port to no one binding port 0 (which is how every
/// test server and <c>FreePort</c> chooses one), so a server stopped for a while gets its port back when it restarts.
/// </summary>
/// <remarks>
/// .NET binds TCP sockets with <c>SO_REUSEADDR</c> on Linux, so the reservation can be taken while the port's last
/// connections linger in TIME_WAIT, and a server that binds the port explicitly is not blocked by it (release it first
/// all the same: two bound sockets make the port look taken to anyone checking).
/// </remarks>
internal sealed class PortReservation : IDisposable
{
    private readonly Socket _socket;

    private PortReservation(Socket socket) => _socket = socket;

    /// <summary>Binds 127.0.0.1:<paramref name="port"/> without listening.</summary>
    /// <exception cref="SocketException">Something else holds the port.</exception>
    public static PortReservation Hold(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return new PortReservation(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _socket.Dispose();
}
