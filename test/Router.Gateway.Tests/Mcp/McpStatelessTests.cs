using System.Net;
using System.Text.Json;

namespace Router.Gateway.Tests.Mcp;

public sealed class McpStatelessTests
{
    private const string Meta =
        "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},"
        + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"raw\",\"version\":\"1.0.0\"}}";

    [Fact]
    public async Task Post_ToolsCallWithLatestVersionAndNoSession_ServedWithoutSession()
    {
        await using var host = await McpTestHost.StartAsync();
        var body = """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"message":"stateless"},""" + Meta + "}}";
        using var request = McpRawCalls.Post(host.StreamableEndpoint(), body);
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
        using var result = JsonDocument.Parse(DataOf(await response.Content.ReadAsStringAsync()));
        Assert.Equal(7, result.RootElement.GetProperty("id").GetInt32());
        Assert.Equal("stateless", result.RootElement.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(0, host.Sessions.Count);
    }

    [Fact]
    public async Task Post_UnknownMethodWithLatestVersion_Returns404MethodNotFound()
    {
        await using var host = await McpTestHost.StartAsync();
        var body = """{"jsonrpc":"2.0","id":8,"method":"no/such/method","params":{""" + Meta + "}}";
        using var request = McpRawCalls.Post(host.StreamableEndpoint(), body);
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var error = JsonDocument.Parse(DataOf(await response.Content.ReadAsStringAsync()));
        Assert.Equal(-32601, error.RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Get_WithLatestVersion_Returns405AllowingPost()
    {
        await using var host = await McpTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, host.StreamableEndpoint());
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    /// <summary>The JSON of the one event in a POST's event-stream response.</summary>
    private static string DataOf(string eventStream) =>
        Assert.Single(eventStream.Split('\n'), line => line.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..];
}
