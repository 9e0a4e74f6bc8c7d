using System.Net;
using Router.Gateway.Diagnostics;
using Router.Gateway.Mcp;
using Router.Gateway.Tests.Infrastructure;
using Router.Testing;

namespace Router.Gateway.Tests.Mcp;

public sealed class McpSessionTests
{
    [Fact]
    public async Task Session_DeletedThenReused_Returns404()
    {
        await using var host = await McpTestHost.StartAsync();
        var endpoint = host.StreamableEndpoint();
        var sessionId = await McpRawCalls.InitializeAsync(host.Client, endpoint);

        using (var delete = new HttpRequestMessage(HttpMethod.Delete, endpoint))
        {
            delete.Headers.Add("Mcp-Session-Id", sessionId);
            using var deleted = await host.Client.SendAsync(delete);
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        using var reused = await host.Client.SendAsync(McpRawCalls.Post(endpoint, McpRawCalls.ToolsListBody, sessionId));
        Assert.Equal(HttpStatusCode.NotFound, reused.StatusCode);
        Assert.Equal(-32001, await McpRawCalls.ErrorCodeAsync(reused));
        Assert.Equal(0, host.Sessions.Count);
    }

    [Fact]
    public async Task Post_UnknownSessionId_Returns404JsonRpcError()
    {
        await using var host = await McpTestHost.StartAsync();

        using var response = await host.Client.SendAsync(McpRawCalls.Post(host.StreamableEndpoint(), McpRawCalls.ToolsListBody, "no-such-session"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(-32001, await McpRawCalls.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Post_SessionOfAnotherServer_Returns404()
    {
        await using var host = await McpTestHost.StartAsync();
        var sessionId = await McpRawCalls.InitializeAsync(host.Client, host.StreamableEndpoint());

        using var response = await host.Client.SendAsync(McpRawCalls.Post(host.StreamableEndpoint("other"), McpRawCalls.ToolsListBody, sessionId));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownSessionId_Returns404()
    {
        await using var host = await McpTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, host.StreamableEndpoint());
        request.Headers.Add("Mcp-Session-Id", "no-such-session");
        request.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Initialize_UnknownMcpId_Returns404ProblemDetails()
    {
        await using var host = await McpTestHost.StartAsync();

        using var response = await host.Client.SendAsync(McpRawCalls.Post(host.StreamableEndpoint("nobody"), McpRawCalls.InitializeBody));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Initialize_SessionLimitReached_Returns503JsonRpcError()
    {
        await using var host = await McpTestHost.StartAsync(configure: o => o.MaxSessions = 1);
        await McpRawCalls.InitializeAsync(host.Client, host.StreamableEndpoint());

        using var response = await host.Client.SendAsync(McpRawCalls.Post(host.StreamableEndpoint(), McpRawCalls.InitializeBody));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(-32000, await McpRawCalls.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task IdleSweep_SessionIdlePastTimeout_EndsSession()
    {
        var clock = new FakeTimeProvider();
        await using var host = await McpTestHost.StartAsync(clock);
        var endpoint = host.StreamableEndpoint();
        var sessionId = await McpRawCalls.InitializeAsync(host.Client, endpoint);

        clock.Advance(TimeSpan.FromMinutes(5));
        using (var used = await host.Client.SendAsync(McpRawCalls.Post(endpoint, McpRawCalls.ToolsListBody, sessionId)))
        {
            Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(7.5));
        Assert.Equal(1, host.Sessions.Count);

        clock.Advance(TimeSpan.FromMinutes(5));
        var ended = await host.Logs.WaitForAsync(GatewayEventIds.McpHosting.SessionEnded, m => m.Contains(sessionId, StringComparison.Ordinal));
        Assert.Contains(nameof(McpSessionEndReason.IdleTimeout), ended.Message, StringComparison.Ordinal);

        using var reused = await host.Client.SendAsync(McpRawCalls.Post(endpoint, McpRawCalls.ToolsListBody, sessionId));
        Assert.Equal(HttpStatusCode.NotFound, reused.StatusCode);
    }
}
