using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Router.Client.Tests.Fixtures;
using Router.Samples.WeatherServer;

namespace Router.Client.Tests.Samples;

/// <summary>
/// The sample server, started as its Program does on a free loopback port, registers itself with a router and then
/// answers a real MCP client at the endpoint it announced.
/// </summary>
public sealed class WeatherServerTests : IAsyncLifetime
{
    private FakeRegistryServer _router = null!;
    private WebApplication _sample = null!;
    private Uri _endpoint = null!;

    public async Task InitializeAsync()
    {
        _router = await FakeRegistryServer.StartAsync();
        _sample = WeatherServerApplication.Build(
            ["--urls", "http://127.0.0.1:0", $"--McpRouter:RouterUrl={_router.BaseUrl}", "--Logging:LogLevel:Default=Warning"]);
        await _sample.StartAsync();
        var registration = await _router.WaitForCallAsync(RecordedCallKind.Register);
        _endpoint = new Uri(registration.Body!.Value.GetProperty("endpoint").GetString()!);
        await Eventually.Within(
            _sample.Services.GetRequiredService<IMcpRouterRegistration>().WaitForRegistrationAsync(), "the sample to be registered");
    }

    public async Task DisposeAsync()
    {
        await _sample.DisposeAsync();
        await _router.DisposeAsync();
    }

    [Fact]
    public async Task Start_ListeningOnFreePort_RegistersActualEndpointAndTools()
    {
        var registration = await _router.WaitForCallAsync(RecordedCallKind.Register);
        var body = registration.Body!.Value;

        Assert.Equal("weather", registration.McpId);
        Assert.Equal("1.0.0", body.GetProperty("version").GetString());
        Assert.Equal("streamable-http", body.GetProperty("transport").GetString());
        Assert.Equal("127.0.0.1", _endpoint.Host);
        Assert.NotEqual(0, _endpoint.Port);
        Assert.Equal("/mcp", _endpoint.AbsolutePath);
        var tools = body.GetProperty("tools").EnumerateArray().ToList();
        Assert.Equal(["forecast", "add"], tools.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal("string", tools[0].GetProperty("inputSchema").GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
    }

    [Fact]
    public async Task McpClient_InitializeHandshake_ListsAndCallsTools()
    {
        await using var client = await ConnectAsync(new McpClientOptions { ProtocolVersion = "2025-11-25" });

        Assert.Equal("2025-11-25", client.NegotiatedProtocolVersion);
        Assert.Equal("weather", client.ServerInfo?.Name);
        await AssertToolsWorkAsync(client);
    }

    [Fact]
    public async Task McpClient_LatestProtocol_ListsAndCallsTools()
    {
        await using var client = await ConnectAsync(new McpClientOptions());

        // The 2.3.1 client probes with server/discover, which the stateless endpoint serves natively.
        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);
        await AssertToolsWorkAsync(client);
    }

    [Fact]
    public async Task Stop_Gracefully_Deregisters()
    {
        await _sample.StopAsync();

        var deregistration = await _router.WaitForCallAsync(RecordedCallKind.Deregister);
        Assert.Equal(204, deregistration.Status);
    }

    private async Task<McpClient> ConnectAsync(McpClientOptions options)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = _endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
        });
        return await Eventually.Within(McpClient.CreateAsync(transport, options), "the MCP client to connect");
    }

    private static async Task AssertToolsWorkAsync(McpClient client)
    {
        var tools = await client.ListToolsAsync();
        Assert.Equal(["add", "forecast"], tools.Select(t => t.Name).Order());

        var forecast = await client.CallToolAsync("forecast", new Dictionary<string, object?> { ["city"] = "Paris" });
        var sum = await client.CallToolAsync("add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3.5 });

        Assert.NotEqual(true, forecast.IsError);
        Assert.Equal("Paris: foggy, 10 °C", Assert.IsType<TextContentBlock>(Assert.Single(forecast.Content)).Text);
        Assert.NotEqual(true, sum.IsError);
        Assert.Equal("5.5", Assert.IsType<TextContentBlock>(Assert.Single(sum.Content)).Text);
    }
}
