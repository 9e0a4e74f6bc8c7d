using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Registry;

public sealed class RegistryLifecycleTests
{
    [Fact]
    public async Task Lifecycle_RegisterHeartbeatDrainDeregister_AnswersAndPublishesAsDocumented()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");
        using var feed = await EventSubscriber.OpenAsync(node.Client);
        var client = node.Client;

        using (var created = await client.RegisterAsync("weather", RegistryCalls.Registration("weather-a", interval: 5)))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("/v1/servers/weather/instances/weather-a", created.Headers.Location?.OriginalString);
            var body = await created.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("weather-a", body.GetProperty("instanceId").GetString());
            Assert.Equal(15, body.GetProperty("leaseTtlSeconds").GetInt32());
            Assert.Equal(5, body.GetProperty("heartbeatIntervalSeconds").GetInt32());
        }

        using (var again = await client.RegisterAsync("weather", RegistryCalls.Registration("weather-a", interval: 5)))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal("weather-a", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString());
        }

        Assert.Equal(HttpStatusCode.NoContent, await client.HeartbeatAsync("weather", "weather-a"));
        var servers = await client.ServersAsync();
        var instance = Assert.Single(Assert.Single(servers.EnumerateArray()).GetProperty("instances").EnumerateArray());
        Assert.Equal("healthy", instance.GetProperty("status").GetString());
        Assert.Equal("http://127.0.0.1:9001/mcp", instance.GetProperty("endpoint").GetString());
        using (var one = await client.GetAsync("/v1/servers/weather"))
        {
            Assert.Equal(HttpStatusCode.OK, one.StatusCode);
            Assert.Equal("weather", (await one.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mcpId").GetString());
        }

        Assert.Equal(HttpStatusCode.NoContent, await client.DrainAsync("weather", "weather-a"));
        Assert.Equal(HttpStatusCode.NoContent, await client.DeregisterAsync("weather", "weather-a"));

        var events = await feed.TakeAsync(4);
        Assert.Equal(["instance.registered", "instance.healthy", "instance.draining", "instance.deregistered"], events.Select(e => e.Event));
        Assert.All(events, e => Assert.Equal(("weather", "weather-a"), (e.McpId, e.InstanceId)));
        Assert.Equal(Enumerable.Range((int)events[0].Sequence, 4).Select(i => (long)i), events.Select(e => e.Sequence));

        using (var gone = await client.GetAsync("/v1/servers/weather"))
        {
            await Problems.AssertProblemAsync(gone, HttpStatusCode.NotFound);
        }

        Assert.Equal(0, (await client.ServersAsync()).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, await client.HeartbeatAsync("weather", "weather-a"));
        Assert.Equal(HttpStatusCode.NotFound, await client.DrainAsync("weather", "weather-a"));
        Assert.Equal(HttpStatusCode.NotFound, await client.DeregisterAsync("weather", "weather-a"));
    }

    [Fact]
    public async Task Heartbeat_UnknownInstance_Answers404ProblemSoTheServerRegistersAgain()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");

        using var response = await node.Client.PutAsync("/v1/servers/weather/instances/nobody/heartbeat", content: null);

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("register", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_WithoutInstanceId_GeneratesThirtyTwoHexDigits()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");

        using var response = await node.Client.RegisterAsync("weather", RegistryCalls.Registration(instanceId: null));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var instanceId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", instanceId);
        Assert.Equal($"/v1/servers/weather/instances/{instanceId}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Heartbeat_WithLoadBody_RecordsTheLoad()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");
        await node.Client.RegisterOkAsync("weather");

        using var response = await node.Client.PutAsync(
            "/v1/servers/weather/instances/i1/heartbeat", RegistryCalls.Json("""{ "inFlightCalls": 3, "maxConcurrentCalls": 16 }"""));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var instance = (await node.Client.GetFromJsonAsync<JsonElement>("/v1/servers/weather")).GetProperty("instances")[0];
        Assert.Equal(3, instance.GetProperty("load").GetProperty("inFlightCalls").GetInt32());
        Assert.Equal(16, instance.GetProperty("load").GetProperty("maxConcurrentCalls").GetInt32());
    }

    [Fact]
    public async Task Register_WithFullDocumentedBody_RoundTripsMetadataAndTools()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");
        var body = JsonNode.Parse("""
            {
              "version": "1.2.0",
              "endpoint": "http://127.0.0.1:9001/mcp",
              "transport": "sse",
              "instanceId": "weather-a",
              "heartbeatIntervalSeconds": 10,
              "metadata": { "zone": "eu-1" },
              "tools": [ { "name": "forecast", "description": "Forecast for a city", "inputSchema": { "type": "object" } } ]
            }
            """)!;

        using var response = await node.Client.RegisterAsync("weather", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var instance = (await node.Client.GetFromJsonAsync<JsonElement>("/v1/servers/weather")).GetProperty("instances")[0];
        Assert.Equal("sse", instance.GetProperty("transport").GetString());
        Assert.Equal("eu-1", instance.GetProperty("metadata").GetProperty("zone").GetString());
        var tool = Assert.Single(instance.GetProperty("tools").EnumerateArray());
        Assert.Equal("forecast", tool.GetProperty("name").GetString());
        Assert.Equal("object", tool.GetProperty("inputSchema").GetProperty("type").GetString());
        Assert.Matches("^[0-9a-f]{64}$", instance.GetProperty("toolsHash").GetString()!);
    }

    [Fact]
    public async Task BatchHeartbeats_MixedItems_AnswerEachInOrder()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");
        await node.Client.RegisterOkAsync("weather", "a");
        await node.Client.RegisterOkAsync("news", "b");
        var body = """
            { "heartbeats": [
                { "mcpId": "weather", "instanceId": "a", "load": { "inFlightCalls": 2 } },
                { "mcpId": "weather", "instanceId": "missing" },
                { "mcpId": "Not Valid", "instanceId": "a" },
                { "mcpId": "news", "instanceId": "b", "load": { "inFlightCalls": -1 } },
                null,
                { "mcpId": "news", "instanceId": "b" }
            ] }
            """;

        using var response = await node.Client.PostAsync("/v1/heartbeats", RegistryCalls.Json(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([204, 404, 400, 400, 400, 204], results.Select(r => r.GetProperty("status").GetInt32()));
        Assert.Equal("a", results[0].GetProperty("instanceId").GetString());
        Assert.Contains("mcpId", results[2].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("load.inFlightCalls", results[3].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(results[0].TryGetProperty("error", out _));
        var weather = (await node.Client.GetFromJsonAsync<JsonElement>("/v1/servers/weather")).GetProperty("instances")[0];
        Assert.Equal("healthy", weather.GetProperty("status").GetString());
        Assert.Equal(2, weather.GetProperty("load").GetProperty("inFlightCalls").GetInt32());
    }

    [Fact]
    public async Task BatchHeartbeats_OverThousandItems_Answers400NamingHeartbeats()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");
        var items = new JsonArray([.. Enumerable.Range(0, 1001).Select(i => (JsonNode)new JsonObject { ["mcpId"] = "weather", ["instanceId"] = $"i{i}" })]);

        using var response = await node.Client.PostAsync("/v1/heartbeats", RegistryCalls.Json(new JsonObject { ["heartbeats"] = items }.ToJsonString()));

        await Problems.AssertValidationProblemAsync(response, "heartbeats");
    }

    [Fact]
    public async Task ListServers_WhenNothingIsRegistered_AnswersAnEmptyList()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");

        Assert.Equal(0, (await node.Client.ServersAsync()).GetArrayLength());
    }

    [Theory]
    [InlineData("GET", "/v1/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("GET", "/v1/heartbeats", HttpStatusCode.MethodNotAllowed)]
    [InlineData("PATCH", "/v1/servers/weather/instances", HttpStatusCode.MethodNotAllowed)]
    public async Task Request_ToUnknownRouteOrWithWrongMethod_AnswersProblemDetails(string method, string path, HttpStatusCode status)
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");

        using var response = await node.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await Problems.AssertProblemAsync(response, status);
    }
}
