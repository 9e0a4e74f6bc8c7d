using System.Net;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Router.Testing.McpPeers;

namespace Router.Peers.Tests;

/// <summary>
/// The repository's own MCP test server, run as a child process and reached by the C# client with its default
/// protocol (the 2026-07-28 <c>server/discover</c> probe) and pinned to 2025-11-25 (<c>initialize</c>).
/// </summary>
public sealed class McpFixtureServerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static TheoryData<string?> ProtocolVersions => new() { null, "2025-11-25" };

    [Fact]
    public async Task Start_ListensOnLoopbackOnly()
    {
        await using var server = await McpFixtureServer.StartAsync();

        var listeners = ListeningSockets.OfProcess(server.ProcessId);

        Assert.Equal([new IPEndPoint(IPAddress.Loopback, server.Port)], listeners);
        Assert.Equal($"http://127.0.0.1:{server.Port}/mcp", server.Endpoint.ToString());
    }

    [Theory]
    [MemberData(nameof(ProtocolVersions))]
    public async Task McpClient_AnyProtocol_ListsAndCallsTools(string? protocolVersion)
    {
        await using var server = await McpFixtureServer.StartAsync();
        await using var client = await ConnectAsync(server, protocolVersion);
        using var bound = new CancellationTokenSource(Bound);

        var tools = await client.ListToolsAsync(cancellationToken: bound.Token);
        var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "hello fixture" }, cancellationToken: bound.Token);
        var add = await client.CallToolAsync("add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 40.5 }, cancellationToken: bound.Token);

        Assert.Equal(protocolVersion ?? "2026-07-28", client.NegotiatedProtocolVersion);
        Assert.Equal("router-mcp-fixture", client.ServerInfo?.Name);
        Assert.Equal(["add", "announce-tools-changed", "echo", "slow"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Echo: hello fixture", Text(echo));
        Assert.Equal("42.5", Text(add));
    }

    [Theory]
    [MemberData(nameof(ProtocolVersions))]
    public async Task McpClient_SlowWithProgressToken_ReceivesEveryStep(string? protocolVersion)
    {
        await using var server = await McpFixtureServer.StartAsync();
        using var bound = new CancellationTokenSource(Bound);
        var progress = new ProgressRecorder();
        var options = progress.ClientOptions(protocolVersion);
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = server.Endpoint }), options, cancellationToken: bound.Token);

        var result = await client.CallToolAsync(
            "slow", new Dictionary<string, object?> { ["durationMs"] = 30, ["steps"] = 3 }, new Progress<ProgressNotificationValue>(), cancellationToken: bound.Token);

        Assert.Equal("Slept 30 ms in 3 steps", Text(result));
        var values = await progress.WhenCountAsync(3).WaitAsync(Bound);
        Assert.Equal([1d, 2d, 3d], values.Select(v => (double)v.Progress).Order());
        Assert.All(values, v => Assert.Equal(3f, v.Total));
    }

    [Theory]
    [MemberData(nameof(ProtocolVersions))]
    public async Task McpClient_CancelledSlowCall_StopsAndServerStaysUsable(string? protocolVersion)
    {
        await using var server = await McpFixtureServer.StartAsync();
        await using var client = await ConnectAsync(server, protocolVersion);
        using var cancel = new CancellationTokenSource();
        var progress = new ProgressRecorder();

        var call = client.CallToolAsync(
            "slow", new Dictionary<string, object?> { ["durationMs"] = 20_000, ["steps"] = 200 }, progress, cancellationToken: cancel.Token).AsTask();
        await progress.WhenCountAsync(1).WaitAsync(Bound);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Bound));
        using var bound = new CancellationTokenSource(Bound);
        var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "still here" }, cancellationToken: bound.Token);
        Assert.Equal("Echo: still here", Text(echo));
    }

    [Theory]
    [MemberData(nameof(ProtocolVersions))]
    public async Task McpClient_AnyProtocol_GetsPromptAndReadsResource(string? protocolVersion)
    {
        await using var server = await McpFixtureServer.StartAsync();
        await using var client = await ConnectAsync(server, protocolVersion);
        using var bound = new CancellationTokenSource(Bound);

        var prompts = await client.ListPromptsAsync(cancellationToken: bound.Token);
        var prompt = await client.GetPromptAsync("greeting", new Dictionary<string, object?> { ["name"] = "Ada" }, cancellationToken: bound.Token);
        var resources = await client.ListResourcesAsync(cancellationToken: bound.Token);
        var readme = await client.ReadResourceAsync("fixture://readme", cancellationToken: bound.Token);

        Assert.Equal("greeting", Assert.Single(prompts).Name);
        Assert.Equal("Hello, Ada! Welcome to the MCP fixture.", Assert.IsType<TextContentBlock>(Assert.Single(prompt.Messages).Content).Text);
        Assert.Equal("fixture://readme", Assert.Single(resources).Uri);
        Assert.StartsWith("The router's MCP test fixture", Assert.IsType<TextResourceContents>(Assert.Single(readme.Contents)).Text, StringComparison.Ordinal);
    }

    private static async Task<McpClient> ConnectAsync(McpFixtureServer server, string? protocolVersion)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = server.Endpoint });
        using var bound = new CancellationTokenSource(Bound);
        return await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion }, cancellationToken: bound.Token);
    }

    private static string? Text(CallToolResult result)
    {
        Assert.NotEqual(true, result.IsError);
        return Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
    }
}
