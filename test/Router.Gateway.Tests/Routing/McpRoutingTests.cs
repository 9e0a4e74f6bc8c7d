using System.Net;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Routing;

public sealed class McpRoutingTests(RoutingNodeFixture fixture) : IClassFixture<RoutingNodeFixture>
{
    [Fact]
    public async Task AgentEndpoint_RegisteredServer_ListsToolsAndCallsEcho()
    {
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = Endpoint(RoutingNodeFixture.McpId) }));

        var tools = await client.ListToolsAsync();
        Assert.Contains(tools, t => t.Name == "echo");

        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "through the router" });
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("Echo: through the router", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }

    [Fact]
    public async Task AgentEndpoint_PinnedVersion_CallsEcho()
    {
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(Endpoint(RoutingNodeFixture.McpId) + "?version=1.0.0") }));

        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "pinned" });
        Assert.Equal("Echo: pinned", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }

    [Theory]
    [InlineData("unknown-server", "")]
    [InlineData(RoutingNodeFixture.McpId, "?version=9.9.9")]
    public async Task AgentEndpoint_NoRoutableInstance_Returns404(string mcpId, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint(mcpId) + query)
        {
            Content = RegistryCalls.Json("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"""),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await fixture.Node.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AgentEndpoint_NothingListening_ToolCallIsJsonRpcErrorWithFixedText()
    {
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = Endpoint(RoutingNodeFixture.DeadMcpId) }));

        var error = await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(
            () => client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "lost" }).AsTask());

        Assert.DoesNotContain("Exception", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", error.Message, StringComparison.Ordinal);
    }

    private Uri Endpoint(string mcpId) => new(fixture.Node.BaseAddress, $"/v1/mcp/app/{mcpId}/mcp");
}
