using System.Net;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Router.Testing.McpPeers;

namespace Router.Peers.Tests;

/// <summary>
/// The real MCP peers from npm that routing tests run against: server-everything on each HTTP transport, reached by
/// the C# client and by the TypeScript SDK's client, listening on loopback only.
/// </summary>
public sealed class ServerEverythingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(ServerEverythingTransport.StreamableHttp, "/mcp")]
    [InlineData(ServerEverythingTransport.Sse, "/sse")]
    public async Task Start_EitherTransport_ListensOnLoopbackOnly(ServerEverythingTransport transport, string path)
    {
        await using var server = await ServerEverything.StartAsync(transport);

        var listeners = ListeningSockets.OfProcess(server.ProcessId);

        Assert.Equal([new IPEndPoint(IPAddress.Loopback, server.Port)], listeners);
        Assert.Equal($"http://127.0.0.1:{server.Port}{path}", server.Endpoint.ToString());
    }

    [Fact]
    public async Task McpClient_StreamableHttp_ListsToolsAndEchoes()
    {
        await using var server = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp);
        await using var client = await ConnectAsync(server, HttpTransportMode.StreamableHttp);

        // The TypeScript SDK speaks up to 2025-11-25; the C# client falls back to it from its 2026-07-28 probe.
        Assert.Equal("2025-11-25", client.NegotiatedProtocolVersion);
        await AssertListsToolsAndEchoesAsync(client);
    }

    [Fact]
    public async Task McpClient_Sse_ListsToolsAndEchoes()
    {
        await using var server = await ServerEverything.StartAsync(ServerEverythingTransport.Sse);
        await using var client = await ConnectAsync(server, HttpTransportMode.Sse);

        await AssertListsToolsAndEchoesAsync(client);
    }

    [Fact]
    public async Task TypeScriptClient_StreamableHttp_ListsToolsAndEchoes()
    {
        await using var server = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp);

        var result = await NodeScript.RunAsync("echo-client.mjs", [server.Endpoint.ToString(), "from node"], Bound);

        Assert.True(result.ExitCode == 0, $"echo-client.mjs exited with {result.ExitCode}:{Environment.NewLine}{result.StandardError}{Environment.NewLine}server:{Environment.NewLine}{server.RecentOutput}");
        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        Assert.Equal("mcp-servers/everything", root.GetProperty("serverName").GetString());
        Assert.Contains("echo", root.GetProperty("tools").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Echo: from node", root.GetProperty("echo").GetString());
    }

    private static async Task<McpClient> ConnectAsync(ServerEverything server, HttpTransportMode mode)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = server.Endpoint,
            TransportMode = mode,
        });
        using var bound = new CancellationTokenSource(Bound);
        return await McpClient.CreateAsync(transport, cancellationToken: bound.Token);
    }

    private static async Task AssertListsToolsAndEchoesAsync(McpClient client)
    {
        using var bound = new CancellationTokenSource(Bound);
        Assert.Equal("mcp-servers/everything", client.ServerInfo?.Name);

        var tools = await client.ListToolsAsync(cancellationToken: bound.Token);
        var echo = await client.CallToolAsync(
            "echo", new Dictionary<string, object?> { ["message"] = "hello peers" }, cancellationToken: bound.Token);

        Assert.Contains("echo", tools.Select(t => t.Name));
        Assert.NotEqual(true, echo.IsError);
        Assert.Equal("Echo: hello peers", Assert.IsType<TextContentBlock>(Assert.Single(echo.Content)).Text);
    }
}
