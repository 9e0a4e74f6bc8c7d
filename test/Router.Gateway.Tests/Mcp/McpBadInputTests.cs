using System.Net;
using System.Text;

namespace Router.Gateway.Tests.Mcp;

public sealed class McpBadInputTests
{
    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":")]
    [InlineData("not json at all")]
    [InlineData("[1, 2")]
    public async Task Post_MalformedJson_Returns400ParseError(string body)
    {
        await using var host = await McpTestHost.StartAsync();

        using var response = await host.Client.SendAsync(McpRawCalls.Post(host.StreamableEndpoint(), body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32700, await McpRawCalls.ErrorCodeAsync(response));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{\"hello\":\"world\"}")]
    [InlineData("42")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"tools/list\"}")]
    [InlineData("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"tools/list\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"initialize\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}")]
    [InlineData("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}]")]
    public async Task Post_JsonThatIsNoMessage_Returns400JsonRpcError(string body)
    {
        await using var host = await McpTestHost.StartAsync();

        using var response = await host.Client.SendAsync(McpRawCalls.Post(host.StreamableEndpoint(), body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(await McpRawCalls.ErrorCodeAsync(response) is -32700 or -32600);
    }

    [Fact]
    public async Task ServerFactoryThrows_EveryTransport_Returns503JsonRpcErrorWithoutItsText()
    {
        await using var host = await McpTestHost.StartAsync();

        using var initialize = await host.Client.SendAsync(McpRawCalls.Post(host.StreamableEndpoint(McpTestHost.BrokenMcpId), McpRawCalls.InitializeBody));
        using var discover = await host.Client.SendAsync(McpRawCalls.Post(
            host.StreamableEndpoint(McpTestHost.BrokenMcpId), """{"jsonrpc":"2.0","id":3,"method":"server/discover","params":{}}"""));
        using var stream = await host.Client.GetAsync(host.SseEndpoint(McpTestHost.BrokenMcpId), HttpCompletionOption.ResponseHeadersRead);

        foreach (var response in new[] { initialize, discover, stream })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(-32000, await McpRawCalls.ErrorCodeAsync(response));
        }

        Assert.DoesNotContain("store is down", await initialize.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WrongContentType_Returns415JsonRpcError()
    {
        await using var host = await McpTestHost.StartAsync();

        using var response = await host.Client.SendAsync(
            McpRawCalls.Post(host.StreamableEndpoint(), McpRawCalls.InitializeBody, mediaType: "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(-32600, await McpRawCalls.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Post_BodyOverOneMebibyte_Returns413JsonRpcError()
    {
        await using var host = await McpTestHost.StartAsync();
        var padding = new string('x', 1024 * 1024);
        var body = $$$"""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"pad":"{{{padding}}}"}}""";

        using var response = await host.Client.SendAsync(McpRawCalls.Post(host.StreamableEndpoint(), body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(-32600, await McpRawCalls.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Post_ChunkedBodyOverOneMebibyte_Returns413JsonRpcError()
    {
        await using var host = await McpTestHost.StartAsync();
        var body = Encoding.UTF8.GetBytes($$$"""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"pad":"{{{new string('x', 1024 * 1024)}}}"}}""");
        using var request = McpRawCalls.Post(host.StreamableEndpoint(), string.Empty);
        request.Content = new StreamContent(new MemoryStream(body));
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_BodyJustUnderOneMebibyte_IsServed(bool chunked)
    {
        // Under the limit by less than the message around the padding: read whole, in however many reads it takes.
        await using var host = await McpTestHost.StartAsync();
        var padding = new string('x', (1024 * 1024) - 200);
        var body = Encoding.UTF8.GetBytes(
            $$$$"""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1.0.0"},"_meta":{"pad":"{{{{padding}}}}"}}}""");
        Assert.InRange(body.Length, (1024 * 1024) - 200, 1024 * 1024);
        using var request = McpRawCalls.Post(host.StreamableEndpoint(), string.Empty);
        request.Content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = chunked;

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(response.Headers.GetValues("Mcp-Session-Id"));
        Assert.Contains("\"result\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_UnsupportedProtocolVersion_Returns400JsonRpcError()
    {
        await using var host = await McpTestHost.StartAsync();
        using var request = McpRawCalls.Post(host.StreamableEndpoint(), McpRawCalls.InitializeBody);
        request.Headers.Add("MCP-Protocol-Version", "1999-01-01");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32600, await McpRawCalls.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Post_NonInitializeWithoutSession_Returns400JsonRpcError()
    {
        await using var host = await McpTestHost.StartAsync();

        using var response = await host.Client.SendAsync(McpRawCalls.Post(host.StreamableEndpoint(), McpRawCalls.ToolsListBody));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32600, await McpRawCalls.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task LegacyMessage_UnknownSession_Returns404JsonRpcError()
    {
        await using var host = await McpTestHost.StartAsync();

        using var response = await host.Client.SendAsync(
            McpRawCalls.Post(new Uri(host.BaseAddress, "/v1/mcp/app/echo/message?sessionId=nope"), McpRawCalls.ToolsListBody));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(-32001, await McpRawCalls.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task LegacyMessage_MalformedJson_Returns400ParseError()
    {
        await using var host = await McpTestHost.StartAsync();
        using var sse = new HttpRequestMessage(HttpMethod.Get, host.SseEndpoint());
        sse.Headers.Accept.ParseAdd("text/event-stream");
        using var stream = await host.Client.SendAsync(sse, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        string? endpoint;
        do
        {
            endpoint = await reader.ReadLineAsync();
        }
        while (endpoint is not null && !endpoint.StartsWith("data: ", StringComparison.Ordinal));

        Assert.NotNull(endpoint);
        Assert.StartsWith("/v1/mcp/app/echo/message?sessionId=", endpoint["data: ".Length..], StringComparison.Ordinal);

        using var response = await host.Client.SendAsync(McpRawCalls.Post(new Uri(host.BaseAddress, endpoint["data: ".Length..]), "{oops"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32700, await McpRawCalls.ErrorCodeAsync(response));
    }
}
