using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Router.Gateway.Tests.Infrastructure;
using Router.Testing.McpPeers;

namespace Router.Gateway.Tests.Routing;

public sealed class SerializedRoutingTests
{
    [Fact]
    public async Task CallTool_GrainCallsSerializedAsAcrossNodes_ReturnsEcho()
    {
        await using var server = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp);
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory", "Router:Silo:SerializeLocalCalls=true");
        var registration = RegistryCalls.Registration(endpoint: server.Endpoint.ToString());
        using (var registered = await node.Client.RegisterAsync("everything", registration))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        using var response = await node.Client.PostAsync(
            "/v1/mcp/proxy/everything/tool/call", RegistryCalls.Json("""{"name":"echo","arguments":{"message":"serialized"}}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Echo: serialized", Assert.Single(body.GetProperty("content").EnumerateArray()).GetProperty("text").GetString());
    }
}
