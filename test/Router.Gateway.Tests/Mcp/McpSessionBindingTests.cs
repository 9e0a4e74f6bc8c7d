using System.Net;
using System.Net.Http.Headers;
using Router.Gateway.Diagnostics;
using Router.Gateway.Options;
using Router.Gateway.Security;

namespace Router.Gateway.Tests.Mcp;

public sealed class McpSessionBindingTests
{
    private const string KeyA = "agent-a-key";
    private const string KeyB = "agent-b-key";

    private static readonly IReadOnlyList<ApiKeyOptions> Keys =
    [
        new ApiKeyOptions { Name = "agent-a", Hash = ApiKeyHash.Format(KeyA), Scopes = [ApiKeyScopeNames.Call] },
        new ApiKeyOptions { Name = "agent-b", Hash = ApiKeyHash.Format(KeyB), Scopes = [ApiKeyScopeNames.Call] },
    ];

    [Fact]
    public async Task Post_SessionOpenedWithAnotherKey_Returns404LikeAnUnknownSession()
    {
        await using var host = await McpTestHost.StartAsync(keys: Keys);
        var endpoint = host.StreamableEndpoint();
        var sessionId = await InitializeAsync(host, KeyA);

        using var withB = await host.Client.SendAsync(WithKey(McpRawCalls.Post(endpoint, McpRawCalls.ToolsListBody, sessionId), KeyB));
        using var unknown = await host.Client.SendAsync(WithKey(McpRawCalls.Post(endpoint, McpRawCalls.ToolsListBody, "no-such-session"), KeyB));

        Assert.Equal(HttpStatusCode.NotFound, withB.StatusCode);
        Assert.Equal(-32001, await McpRawCalls.ErrorCodeAsync(withB));
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await withB.Content.ReadAsStringAsync());
        Assert.False(withB.Headers.Contains("Mcp-Session-Id"));
        var logged = await host.Logs.WaitForAsync(GatewayEventIds.McpHosting.SessionOwnerMismatch);
        Assert.Contains("agent-a", logged.Message, StringComparison.Ordinal);
        Assert.Contains("agent-b", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_SessionOpenedWithSameKey_IsServed()
    {
        await using var host = await McpTestHost.StartAsync(keys: Keys);
        var endpoint = host.StreamableEndpoint();
        var sessionId = await InitializeAsync(host, KeyA);

        using var withA = await host.Client.SendAsync(WithKey(McpRawCalls.Post(endpoint, McpRawCalls.ToolsListBody, sessionId), KeyA));

        Assert.Equal(HttpStatusCode.OK, withA.StatusCode);
        Assert.Contains("\"echo\"", await withA.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAndDelete_SessionOpenedWithAnotherKey_Return404AndLeaveTheSessionOpen()
    {
        await using var host = await McpTestHost.StartAsync(keys: Keys);
        var endpoint = host.StreamableEndpoint();
        var sessionId = await InitializeAsync(host, KeyA);

        using var get = new HttpRequestMessage(HttpMethod.Get, endpoint);
        get.Headers.Add("Mcp-Session-Id", sessionId);
        get.Headers.Accept.ParseAdd("text/event-stream");
        using var got = await host.Client.SendAsync(WithKey(get, KeyB));
        using var delete = new HttpRequestMessage(HttpMethod.Delete, endpoint);
        delete.Headers.Add("Mcp-Session-Id", sessionId);
        using var deleted = await host.Client.SendAsync(WithKey(delete, KeyB));

        Assert.Equal(HttpStatusCode.NotFound, got.StatusCode);
        Assert.Equal(-32001, await McpRawCalls.ErrorCodeAsync(got));
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
        Assert.Equal(-32001, await McpRawCalls.ErrorCodeAsync(deleted));
        Assert.Equal(1, host.Sessions.Count);

        using var deleteByOwner = new HttpRequestMessage(HttpMethod.Delete, endpoint);
        deleteByOwner.Headers.Add("Mcp-Session-Id", sessionId);
        using var deletedByOwner = await host.Client.SendAsync(WithKey(deleteByOwner, KeyA));
        Assert.Equal(HttpStatusCode.OK, deletedByOwner.StatusCode);
        Assert.Equal(0, host.Sessions.Count);
    }

    [Fact]
    public async Task LegacyMessage_SessionOpenedWithAnotherKey_Returns404AndWithSameKeyIsAccepted()
    {
        await using var host = await McpTestHost.StartAsync(keys: Keys);
        var (stream, messageEndpoint) = await McpSseCalls.OpenAsync(
            host.Client, host.SseEndpoint(), r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", KeyA));
        using (stream)
        {
            using var withB = await host.Client.SendAsync(WithKey(McpRawCalls.Post(messageEndpoint, McpRawCalls.InitializeBody), KeyB));
            using var withA = await host.Client.SendAsync(WithKey(McpRawCalls.Post(messageEndpoint, McpRawCalls.InitializeBody), KeyA));

            Assert.Equal(HttpStatusCode.NotFound, withB.StatusCode);
            Assert.Equal(-32001, await McpRawCalls.ErrorCodeAsync(withB));
            Assert.Equal(HttpStatusCode.Accepted, withA.StatusCode);
            await host.Logs.WaitForAsync(GatewayEventIds.McpHosting.SessionOwnerMismatch);
        }
    }

    [Fact]
    public async Task Session_OpenedWithoutAnIdentity_IsServedWithoutOne()
    {
        await using var host = await McpTestHost.StartAsync();
        var endpoint = host.StreamableEndpoint();
        var sessionId = await McpRawCalls.InitializeAsync(host.Client, endpoint);

        using var used = await host.Client.SendAsync(McpRawCalls.Post(endpoint, McpRawCalls.ToolsListBody, sessionId));

        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
    }

    private static async Task<string> InitializeAsync(McpTestHost host, string key)
    {
        var endpoint = host.StreamableEndpoint();
        using var response = await host.Client.SendAsync(WithKey(McpRawCalls.Post(endpoint, McpRawCalls.InitializeBody), key));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sessionId = Assert.Single(response.Headers.GetValues("Mcp-Session-Id"));

        using var initialized = await host.Client.SendAsync(
            WithKey(McpRawCalls.Post(endpoint, """{"jsonrpc":"2.0","method":"notifications/initialized"}""", sessionId), key));
        Assert.Equal(HttpStatusCode.Accepted, initialized.StatusCode);
        return sessionId;
    }

    private static HttpRequestMessage WithKey(HttpRequestMessage request, string key)
    {
        request.Headers.Add("X-Api-Key", key);
        return request;
    }
}
