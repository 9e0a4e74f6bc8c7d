using System.Net;
using Router.Gateway.Tests.Infrastructure;
using Router.Gateway.Tests.Mcp;

namespace Router.Gateway.Tests.Routing;

/// <summary>
/// Bad input on every routing endpoint, against a real upstream: each gets a JSON-RPC error (MCP) or problem details
/// (REST) with the right status, never a 500, and the router keeps serving afterwards.
/// </summary>
public sealed class RoutingBadInputTests(RoutingNodeFixture fixture) : IClassFixture<RoutingNodeFixture>
{
    public static TheoryData<string> McpEndpoints => new() { "/v1/mcp/app/everything/mcp", "/v1/mcp/mcp" };

    public static TheoryData<string, string, HttpStatusCode> McpBodies => new()
    {
        { "/v1/mcp/app/everything/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":", HttpStatusCode.BadRequest },
        { "/v1/mcp/app/everything/mcp", "not json", HttpStatusCode.BadRequest },
        { "/v1/mcp/app/everything/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1}", HttpStatusCode.BadRequest },
        { "/v1/mcp/app/everything/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", HttpStatusCode.BadRequest },
        { "/v1/mcp/mcp", "[1,2", HttpStatusCode.BadRequest },
        { "/v1/mcp/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}", HttpStatusCode.BadRequest },
        { "/v1/mcp/app/UPPER/mcp", McpRawCalls.InitializeBody, HttpStatusCode.NotFound },
        { "/v1/mcp/app/everything/mcp?version=%20bad", McpRawCalls.InitializeBody, HttpStatusCode.NotFound },
    };

    [Theory]
    [MemberData(nameof(McpBodies))]
    public async Task McpEndpoint_BadRequest_JsonRpcErrorWithStatus(string path, string body, HttpStatusCode expected)
    {
        using var response = await fixture.Node.Client.SendAsync(McpRawCalls.Post(new Uri(fixture.Node.BaseAddress, path), body));

        Assert.Equal(expected, response.StatusCode);
        await AssertStillServingAsync();
    }

    [Theory]
    [MemberData(nameof(McpEndpoints))]
    public async Task McpEndpoint_UnknownSession_Returns404JsonRpcError(string path)
    {
        var body = """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""";

        using var response = await fixture.Node.Client.SendAsync(McpRawCalls.Post(new Uri(fixture.Node.BaseAddress, path), body, sessionId: "no-such-session"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(-32001, await McpRawCalls.ErrorCodeAsync(response));
    }

    [Theory]
    [MemberData(nameof(McpEndpoints))]
    public async Task McpEndpoint_WrongContentType_Returns415(string path)
    {
        using var response = await fixture.Node.Client.SendAsync(
            McpRawCalls.Post(new Uri(fixture.Node.BaseAddress, path), McpRawCalls.InitializeBody, mediaType: "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(McpEndpoints))]
    public async Task McpEndpoint_OversizedBody_Returns413(string path)
    {
        var body = $$$"""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"pad":"{{{new string('x', 1024 * 1024)}}}"}}""";

        using var response = await fixture.Node.Client.SendAsync(McpRawCalls.Post(new Uri(fixture.Node.BaseAddress, path), body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task SseMessageEndpoint_UnknownSession_Returns404()
    {
        using var response = await fixture.Node.Client.PostAsync(
            "/v1/mcp/app/everything/message?sessionId=nope", RegistryCalls.Json("""{"jsonrpc":"2.0","id":1,"method":"ping"}"""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/v1/mcp/proxy/everything/tool/call", "", HttpStatusCode.BadRequest)]
    [InlineData("/v1/mcp/proxy/everything/tool/call", "[]", HttpStatusCode.BadRequest)]
    [InlineData("/v1/mcp/proxy/everything/tool/call", """{"name":""}""", HttpStatusCode.BadRequest)]
    [InlineData("/v1/mcp/proxy/everything/tool/call", """{"name":"echo","arguments":"x"}""", HttpStatusCode.BadRequest)]
    [InlineData("/v1/mcp/proxy/everything/tool/call", """{"name":7}""", HttpStatusCode.BadRequest)]
    [InlineData("/v1/mcp/proxy/nobody/tool/call", """{"name":"echo"}""", HttpStatusCode.NotFound)]
    [InlineData("/v1/mcp/proxy/everything/tool/call?version=9", """{"name":"echo"}""", HttpStatusCode.NotFound)]
    [InlineData("/v1/mcp/proxy/nowhere/tool/call", """{"name":"echo"}""", HttpStatusCode.ServiceUnavailable)]
    [InlineData("/api/v1/mcp/tools/everything__echo/execute", """{"arguments":5}""", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/mcp/tools/__echo/execute", """{}""", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/mcp/tools/everything__/execute", """{}""", HttpStatusCode.NotFound)]
    public async Task RestEndpoint_BadRequest_ProblemDetails(string path, string body, HttpStatusCode expected)
    {
        using var response = await fixture.Node.Client.PostAsync(path, RegistryCalls.Json(body));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Exception", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestEndpoint_UnknownTool_UpstreamToolErrorPassesThroughAs200()
    {
        using var response = await fixture.Node.Client.PostAsync("/v1/mcp/proxy/everything/tool/call", RegistryCalls.Json("""{"name":"no-such-tool"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var result = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(result.RootElement.GetProperty("isError").GetBoolean());
    }

    private async Task AssertStillServingAsync()
    {
        using var response = await fixture.Node.Client.PostAsync(
            "/v1/mcp/proxy/everything/tool/call", RegistryCalls.Json("""{"name":"echo","arguments":{"message":"still here"}}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
