using System.Net;
using Router.Gateway.Diagnostics;

namespace Router.Gateway.Tests.Mcp;

public sealed class McpOriginTests
{
    private const string ForeignOrigin = "https://evil.example";

    [Fact]
    public async Task Post_ForeignOrigin_Returns403JsonRpcErrorAndOpensNoSession()
    {
        await using var host = await McpTestHost.StartAsync();
        using var request = McpRawCalls.Post(host.StreamableEndpoint(), McpRawCalls.InitializeBody);
        request.Headers.Add("Origin", ForeignOrigin);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(-32000, await McpRawCalls.ErrorCodeAsync(response));
        Assert.Equal(0, host.Sessions.Count);
        var logged = await host.Logs.WaitForAsync(GatewayEventIds.McpHosting.OriginRejected);
        Assert.Contains(ForeignOrigin, logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAndDelete_ForeignOrigin_Return403AndLeaveTheSessionOpen()
    {
        await using var host = await McpTestHost.StartAsync();
        var endpoint = host.StreamableEndpoint();
        var sessionId = await McpRawCalls.InitializeAsync(host.Client, endpoint);

        using var get = new HttpRequestMessage(HttpMethod.Get, endpoint);
        get.Headers.Add("Mcp-Session-Id", sessionId);
        get.Headers.Add("Origin", ForeignOrigin);
        get.Headers.Accept.ParseAdd("text/event-stream");
        using var got = await host.Client.SendAsync(get);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, endpoint);
        delete.Headers.Add("Mcp-Session-Id", sessionId);
        delete.Headers.Add("Origin", ForeignOrigin);
        using var deleted = await host.Client.SendAsync(delete);

        Assert.Equal(HttpStatusCode.Forbidden, got.StatusCode);
        Assert.Equal(-32000, await McpRawCalls.ErrorCodeAsync(got));
        Assert.Equal(HttpStatusCode.Forbidden, deleted.StatusCode);
        Assert.Equal(-32000, await McpRawCalls.ErrorCodeAsync(deleted));
        using var used = await host.Client.SendAsync(McpRawCalls.Post(endpoint, McpRawCalls.ToolsListBody, sessionId));
        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
    }

    [Fact]
    public async Task LegacySse_ForeignOrigin_Returns403OnStreamAndMessage()
    {
        await using var host = await McpTestHost.StartAsync();
        using var sse = new HttpRequestMessage(HttpMethod.Get, host.SseEndpoint());
        sse.Headers.Accept.ParseAdd("text/event-stream");
        sse.Headers.Add("Origin", ForeignOrigin);
        using var stream = await host.Client.SendAsync(sse, HttpCompletionOption.ResponseHeadersRead);
        var (open, messageEndpoint) = await McpSseCalls.OpenAsync(host.Client, host.SseEndpoint());
        using (open)
        {
            using var message = McpRawCalls.Post(messageEndpoint, McpRawCalls.ToolsListBody);
            message.Headers.Add("Origin", ForeignOrigin);
            using var posted = await host.Client.SendAsync(message);

            Assert.Equal(HttpStatusCode.Forbidden, stream.StatusCode);
            Assert.Equal(-32000, await McpRawCalls.ErrorCodeAsync(stream));
            Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
            Assert.Equal(-32000, await McpRawCalls.ErrorCodeAsync(posted));
        }
    }

    [Theory]
    [InlineData("http://localhost:3000")]
    [InlineData("http://LOCALHOST")]
    [InlineData("http://127.0.0.1:6274")]
    [InlineData("https://[::1]:8443")]
    public async Task Post_LoopbackOrigin_IsServed(string origin)
    {
        await using var host = await McpTestHost.StartAsync();
        using var request = McpRawCalls.Post(host.StreamableEndpoint(), McpRawCalls.InitializeBody);
        request.Headers.Add("Origin", origin);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, host.Sessions.Count);
    }

    [Theory]
    [InlineData("https://app.example.com", HttpStatusCode.OK)]
    [InlineData("https://APP.example.com:443", HttpStatusCode.OK)]
    [InlineData("https://app.example.com:8443", HttpStatusCode.Forbidden)]
    [InlineData("http://app.example.com", HttpStatusCode.Forbidden)]
    [InlineData("https://app.example.com.evil.example", HttpStatusCode.Forbidden)]
    [InlineData("https://app.example.com/path", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost.evil.example", HttpStatusCode.Forbidden)]
    [InlineData("null", HttpStatusCode.Forbidden)]
    public async Task Post_Origin_IsServedOnlyWhenConfigured(string origin, HttpStatusCode expected)
    {
        await using var host = await McpTestHost.StartAsync(configure: o => o.AllowedOrigins = ["https://app.example.com"]);
        using var request = McpRawCalls.Post(host.StreamableEndpoint(), McpRawCalls.InitializeBody);
        request.Headers.Add("Origin", origin);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task LegacySse_AllowedOrigin_OpensStreamAndTakesMessages()
    {
        await using var host = await McpTestHost.StartAsync(configure: o => o.AllowedOrigins = ["https://app.example.com"]);
        var (stream, messageEndpoint) = await McpSseCalls.OpenAsync(
            host.Client, host.SseEndpoint(), r => r.Headers.Add("Origin", "https://app.example.com"));
        using (stream)
        {
            using var message = McpRawCalls.Post(messageEndpoint, McpRawCalls.InitializeBody);
            message.Headers.Add("Origin", "https://app.example.com");
            using var posted = await host.Client.SendAsync(message);

            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }
    }

    [Fact]
    public async Task Requests_WithoutOrigin_AreServed()
    {
        await using var host = await McpTestHost.StartAsync();
        var endpoint = host.StreamableEndpoint();

        var sessionId = await McpRawCalls.InitializeAsync(host.Client, endpoint);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, endpoint);
        delete.Headers.Add("Mcp-Session-Id", sessionId);
        using var deleted = await host.Client.SendAsync(delete);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:8080")]
    [InlineData("127.0.0.1.nip.io")]
    public async Task Post_OnLoopbackWithForeignHost_Returns403JsonRpcError(string hostHeader)
    {
        await using var host = await McpTestHost.StartAsync();
        using var request = McpRawCalls.Post(host.StreamableEndpoint(), McpRawCalls.InitializeBody);
        request.Headers.Host = hostHeader;

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(-32000, await McpRawCalls.ErrorCodeAsync(response));
        Assert.Equal(0, host.Sessions.Count);
        await host.Logs.WaitForAsync(GatewayEventIds.McpHosting.HostRejected);
    }

    [Fact]
    public async Task LegacySse_OnLoopbackWithForeignHost_Returns403()
    {
        await using var host = await McpTestHost.StartAsync();
        using var sse = new HttpRequestMessage(HttpMethod.Get, host.SseEndpoint());
        sse.Headers.Accept.ParseAdd("text/event-stream");
        sse.Headers.Host = "evil.example";

        using var response = await host.Client.SendAsync(sse, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(-32000, await McpRawCalls.ErrorCodeAsync(response));
    }

    [Theory]
    [InlineData("localhost:1234")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]:80")]
    [InlineData("router.internal:8080")]
    public async Task Post_OnLoopbackWithLoopbackOrAllowedHost_IsServed(string hostHeader)
    {
        await using var host = await McpTestHost.StartAsync(configure: o => o.AllowedHosts = ["Router.Internal"]);
        using var request = McpRawCalls.Post(host.StreamableEndpoint(), McpRawCalls.InitializeBody);
        request.Headers.Host = hostHeader;

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
