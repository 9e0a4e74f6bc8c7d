using System.Net;
using Router.Gateway.Tests.Infrastructure;
using Router.Testing.McpPeers;

namespace Router.Gateway.Tests.Routing;

/// <summary>
/// A real server-everything (streamable HTTP) registered as <c>everything</c>, through the registry API, on an in-memory
/// node; the same server in its legacy SSE mode as <c>everything-sse</c>; the repository's C# fixture as <c>fixture</c>; plus <c>nowhere</c>, registered at a loopback
/// port nothing listens on. Shared by the tests of a class.
/// </summary>
public sealed class RoutingNodeFixture : IAsyncLifetime
{
    public const string McpId = "everything";
    public const string DeadMcpId = "nowhere";
    public const string SseMcpId = "everything-sse";
    public const string FixtureMcpId = "fixture";

    private ServerEverything? _server;
    private ServerEverything? _sseServer;
    private McpFixtureServer? _fixture;
    private TestNode? _node;

    internal TestNode Node => _node ?? throw new InvalidOperationException("The node has not started.");

    public async Task InitializeAsync()
    {
        _server = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp);
        _sseServer = await ServerEverything.StartAsync(ServerEverythingTransport.Sse);
        _fixture = await McpFixtureServer.StartAsync();
        _node = await TestNode.StartAsync("Router:Storage:Provider=memory");
        await RegisterAsync(McpId, _server.Endpoint);
        await RegisterAsync(SseMcpId, _sseServer.Endpoint, "sse");
        await RegisterAsync(FixtureMcpId, _fixture.Endpoint);
        await RegisterAsync(DeadMcpId, new Uri($"http://127.0.0.1:{FreePort.Next()}/mcp"));
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_sseServer is not null)
        {
            await _sseServer.DisposeAsync();
        }

        if (_fixture is not null)
        {
            await _fixture.DisposeAsync();
        }
    }

    private async Task RegisterAsync(string mcpId, Uri endpoint, string transport = "streamable-http")
    {
        // The longest heartbeat interval: the instances stay routable for the whole test class without heartbeats.
        var body = RegistryCalls.Registration(instanceId: "i1", version: "1.0.0", endpoint: endpoint.ToString(), interval: 300);
        body["transport"] = transport;
        using var response = await Node.Client.RegisterAsync(mcpId, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"registration answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
