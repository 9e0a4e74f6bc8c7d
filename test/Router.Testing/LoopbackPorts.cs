using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Router.Testing;

/// <summary>
/// Ports for servers that tests start on fixed loopback ports (a node's internal port, a node process's URL). They are
/// taken below the kernel's ephemeral range: a port picked there by binding port 0 could be handed, before the server
/// binds it, to another server binding port 0 or to an outgoing connection. Each process walks its own stretch of the
/// range, and skips ports that are in use.
/// </summary>
public static class LoopbackPorts
{
    private const int Floor = 10000;
    private const int StretchPerProcess = 400;

    private static readonly int Ceiling = EphemeralLow() - 1;
    private static int _next = Floor + (Environment.ProcessId * StretchPerProcess % Math.Max(StretchPerProcess, Ceiling - Floor - StretchPerProcess));

    /// <summary>A loopback port nothing listens on now, outside the ephemeral range.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Interlocked.Increment(ref _next);
            if (port > Ceiling)
            {
                Interlocked.CompareExchange(ref _next, Floor, port);
                continue;
            }

            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port between {Floor} and {Ceiling}.");
    }

    private static bool IsFree(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>The low end of the kernel's ephemeral port range (Linux); 32768 where it cannot be read.</summary>
    private static int EphemeralLow()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return Math.Max(Floor + (2 * StretchPerProcess), int.Parse(range[0], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32768;
        }
    }
}
