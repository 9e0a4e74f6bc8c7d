using System.Net;
using System.Net.Sockets;

namespace Router.Gateway.Tests.Infrastructure;

/// <summary>Finds a loopback TCP port that is free right now.</summary>
internal static class FreePort
{
    public static int Next() => Router.Testing.LoopbackPorts.Next();
}
