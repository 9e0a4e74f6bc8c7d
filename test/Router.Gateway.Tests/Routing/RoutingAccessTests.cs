using System.Net;
using Router.Gateway.Security;
using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Routing;

public sealed class RoutingAccessTests
{
    private const string RegisterKey = "routing-test-register-key-0123456789";
    private const string CallKey = "routing-test-call-key-0123456789";

    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "/v1/mcp/app/everything/mcp" },
        { "GET", "/v1/mcp/app/everything/sse" },
        { "POST", "/v1/mcp/app/everything/message?sessionId=x" },
        { "POST", "/v1/mcp/mcp" },
        { "GET", "/v1/mcp/proxy/everything/tools" },
        { "POST", "/v1/mcp/proxy/everything/tool/call" },
        { "GET", "/api/v1/mcp/tools" },
        { "POST", "/api/v1/mcp/tools/everything__echo/execute" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task RoutingEndpoint_KeyWithoutCallScope_IsRefused(string method, string path)
    {
        await using var node = await StartAsync();

        using (var anonymous = await node.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)))
        {
            await Problems.AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        }

        using var registrar = await node.Client.SendAsync(Request(method, path, RegisterKey));
        await Problems.AssertProblemAsync(registrar, HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task RoutingEndpoint_KeyWithCallScope_IsLetThrough(string method, string path)
    {
        await using var node = await StartAsync();

        using var response = await node.Client.SendAsync(Request(method, path, CallKey));

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True((int)response.StatusCode < 500, $"{method} {path} answered {(int)response.StatusCode}");
    }

    private static HttpRequestMessage Request(string method, string path, string key)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add(RouterAccessFilter.ApiKeyHeader, key);
        if (method == "POST")
        {
            request.Content = RegistryCalls.Json("{}");
        }

        return request;
    }

    private static Task<TestNode> StartAsync() => TestNode.StartAsync(
        "Router:Storage:Provider=memory",
        "Router:Auth:Keys:0:Name=registrar",
        $"Router:Auth:Keys:0:Hash={ApiKeyHash.Format(RegisterKey)}",
        "Router:Auth:Keys:0:Scopes:0=register",
        "Router:Auth:Keys:1:Name=agent",
        $"Router:Auth:Keys:1:Hash={ApiKeyHash.Format(CallKey)}",
        "Router:Auth:Keys:1:Scopes:0=call");
}
