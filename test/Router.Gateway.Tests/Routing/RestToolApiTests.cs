using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Routing;

public sealed class RestToolApiTests(RoutingNodeFixture fixture) : IClassFixture<RoutingNodeFixture>
{
    private HttpClient Client => fixture.Node.Client;

    [Fact]
    public async Task ListTools_RegisteredServer_IncludesEcho()
    {
        using var response = await Client.GetAsync($"/v1/mcp/proxy/{RoutingNodeFixture.McpId}/tools");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(body.GetProperty("tools").EnumerateArray(), t => t.GetProperty("name").GetString() == "echo");
    }

    [Fact]
    public async Task CallTool_Echo_ReturnsCallToolResult()
    {
        using var response = await Client.PostAsync(
            $"/v1/mcp/proxy/{RoutingNodeFixture.McpId}/tool/call",
            RegistryCalls.Json("""{"name":"echo","arguments":{"message":"over rest"}}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var content = Assert.Single(body.GetProperty("content").EnumerateArray());
        Assert.Equal("Echo: over rest", content.GetProperty("text").GetString());
    }

    [Fact]
    public async Task ListTools_UnknownServer_Returns404Problem()
    {
        using var response = await Client.GetAsync("/v1/mcp/proxy/unknown-server/tools");

        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CallTool_UnknownServer_Returns404Problem()
    {
        using var response = await Client.PostAsync(
            "/v1/mcp/proxy/unknown-server/tool/call", RegistryCalls.Json("""{"name":"echo","arguments":{"message":"x"}}"""));

        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CallTool_UnknownVersion_Returns404Problem()
    {
        using var response = await Client.PostAsync(
            $"/v1/mcp/proxy/{RoutingNodeFixture.McpId}/tool/call?version=2.0.0", RegistryCalls.Json("""{"name":"echo"}"""));

        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CallTool_NothingListening_Returns503Problem()
    {
        using var response = await Client.PostAsync(
            $"/v1/mcp/proxy/{RoutingNodeFixture.DeadMcpId}/tool/call", RegistryCalls.Json("""{"name":"echo","arguments":{"message":"x"}}"""));

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.DoesNotContain("127.0.0.1", problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"arguments":{}}""", "name")]
    [InlineData("""{"name":"echo","arguments":[1]}""", "arguments")]
    public async Task CallTool_InvalidBody_Returns400NamingTheField(string body, string field)
    {
        using var response = await Client.PostAsync($"/v1/mcp/proxy/{RoutingNodeFixture.McpId}/tool/call", RegistryCalls.Json(body));

        await Problems.AssertValidationProblemAsync(response, field);
    }
}
