using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Protocol;
using Router.Grains.Upstream;
using Router.Testing.McpPeers;

namespace Router.Grains.Tests.Upstream;

/// <summary>Shared set-up for the upstream pool tests: replicas of real server-everything processes, and their tools.</summary>
internal static class Upstream
{
    public const string LongRunningTool = "trigger-long-running-operation";

    public static UpstreamReplica Replica(string instanceId, ServerEverything server) =>
        new(instanceId, server.Endpoint, Transport(server.Transport));

    public static UpstreamReplica Replica(string instanceId, int port, ServerEverythingTransport transport) =>
        new(instanceId, new Uri($"http://127.0.0.1:{port}{(transport == ServerEverythingTransport.Sse ? "/sse" : "/mcp")}"), Transport(transport));

    /// <summary>A replica at a loopback port nothing listens on.</summary>
    public static UpstreamReplica Refusing(string instanceId, ServerEverythingTransport transport = ServerEverythingTransport.StreamableHttp)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return Replica(instanceId, port, transport);
    }

    public static UpstreamPool Pool(UpstreamOptions? options = null, TimeProvider? time = null, Action<string, bool>? healthChanged = null) =>
        new(options ?? new UpstreamOptions(), time ?? TimeProvider.System, NullLoggerFactory.Instance, healthChanged);

    public static Dictionary<string, object?> EchoArguments(string message) => new() { ["message"] = message };

    /// <summary>Arguments for a long-running call that reports progress every second for <paramref name="seconds"/> seconds.</summary>
    public static Dictionary<string, object?> LongRunningArguments(int seconds) => new() { ["duration"] = seconds, ["steps"] = seconds };

    public static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;

    public static UpstreamReplicaStatus Status(UpstreamPool pool, string instanceId) =>
        Assert.Single(pool.GetStatus(), s => s.InstanceId == instanceId);

    private static UpstreamTransport Transport(ServerEverythingTransport transport) =>
        transport == ServerEverythingTransport.Sse ? UpstreamTransport.Sse : UpstreamTransport.StreamableHttp;
}
