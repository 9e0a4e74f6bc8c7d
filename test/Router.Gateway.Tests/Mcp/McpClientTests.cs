using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Mcp;

public sealed class McpClientTests
{
    [Fact]
    public async Task StreamableHttp_DefaultClient_NegotiatesLatestAndCallsEcho()
    {
        await using var host = await McpTestHost.StartAsync();
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = host.StreamableEndpoint() }));

        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);
        await AssertEchoesAsync(client, "hello latest");
    }

    [Fact]
    public async Task StreamableHttp_ClientPinnedTo20251125_OpensSessionAndCallsEcho()
    {
        await using var host = await McpTestHost.StartAsync();
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = host.StreamableEndpoint(),
                TransportMode = HttpTransportMode.StreamableHttp,
            }),
            new McpClientOptions { ProtocolVersion = "2025-11-25" });

        Assert.Equal("2025-11-25", client.NegotiatedProtocolVersion);
        Assert.False(string.IsNullOrEmpty(client.SessionId));
        Assert.Equal(McpTestHost.ServerName, client.ServerInfo?.Name);
        Assert.Equal(1, host.Sessions.Count);
        await AssertEchoesAsync(client, "hello sessions");

        await client.DisposeAsync();
        await Bounded.UntilAsync(() => host.Sessions.Count == 0, "the client's DELETE to end its session");
    }

    [Fact]
    public async Task LegacySse_Client_ListsAndCallsEcho()
    {
        await using var host = await McpTestHost.StartAsync();
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = host.SseEndpoint(),
                TransportMode = HttpTransportMode.Sse,
            }));

        Assert.Equal(McpTestHost.ServerName, client.ServerInfo?.Name);
        await AssertEchoesAsync(client, "hello legacy");
    }

    private static async Task AssertEchoesAsync(McpClient client, string message)
    {
        var tools = await client.ListToolsAsync();
        Assert.Equal("echo", Assert.Single(tools).Name);

        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = message });
        Assert.NotEqual(true, result.IsError);
        Assert.Equal(message, Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }
}
