using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Router.Gateway.Security;
using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Security;

public sealed class ApiKeyTests
{
    private const string WeatherKey = "weather-registrar-key";
    private const string AnyServerKey = "any-registrar-key";
    private const string ReaderKey = "dashboard-key";
    private const string AdminKey = "operator-key";

    [Fact]
    public async Task Register_WithoutKey_Answers401ProblemWithBearerChallenge()
    {
        await using var node = await StartAsync();

        using var response = await node.Client.RegisterAsync("weather", RegistryCalls.Registration());

        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Register_WithUnknownKey_Answers401Problem()
    {
        await using var node = await StartAsync();

        using var response = await SendAsync(node, HttpMethod.Post, "/v1/servers/weather/instances", "not-a-key", RegistryCalls.Registration().ToJsonString());

        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Register_WithKeyLimitedToAnotherServer_Answers403AndRegistersNothing()
    {
        await using var node = await StartAsync();

        using var response = await SendAsync(node, HttpMethod.Post, "/v1/servers/news/instances", WeatherKey, RegistryCalls.Registration().ToJsonString());

        await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        using var servers = await SendAsync(node, HttpMethod.Get, "/v1/servers", AdminKey);
        Assert.Equal(0, (await servers.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("servers").GetArrayLength());
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("x-api-key")]
    public async Task RegisterLifecycle_WithKeyForThatServer_Succeeds(string header)
    {
        await using var node = await StartAsync();
        var useBearer = header == "bearer";

        using var created = await SendAsync(node, HttpMethod.Post, "/v1/servers/weather/instances", WeatherKey, RegistryCalls.Registration().ToJsonString(), useBearer);
        using var heartbeat = await SendAsync(node, HttpMethod.Put, "/v1/servers/weather/instances/i1/heartbeat", WeatherKey, bearer: useBearer);
        using var drain = await SendAsync(node, HttpMethod.Post, "/v1/servers/weather/instances/i1/drain", WeatherKey, bearer: useBearer);
        using var deregister = await SendAsync(node, HttpMethod.Delete, "/v1/servers/weather/instances/i1", WeatherKey, bearer: useBearer);

        Assert.Equal(
            [HttpStatusCode.Created, HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.NoContent],
            [created.StatusCode, heartbeat.StatusCode, drain.StatusCode, deregister.StatusCode]);
    }

    [Fact]
    public async Task Register_WithEventsReadKey_Answers403()
    {
        await using var node = await StartAsync();

        using var response = await SendAsync(node, HttpMethod.Post, "/v1/servers/weather/instances", ReaderKey, RegistryCalls.Registration().ToJsonString());

        await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("/v1/servers")]
    [InlineData("/v1/servers/weather")]
    [InlineData("/v1/events/snapshot")]
    [InlineData("/v1/events")]
    public async Task Reads_WithRegisterKey_Answer403AndWithoutKey401(string path)
    {
        await using var node = await StartAsync();

        using var withRegisterKey = await SendAsync(node, HttpMethod.Get, path, AnyServerKey);
        using var withoutKey = await node.Client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);

        await Problems.AssertProblemAsync(withRegisterKey, HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(withoutKey, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Reads_WithEventsReadKey_Succeed()
    {
        await using var node = await StartAsync();
        using (await SendAsync(node, HttpMethod.Post, "/v1/servers/weather/instances", AnyServerKey, RegistryCalls.Registration().ToJsonString()))
        {
        }

        using var servers = await SendAsync(node, HttpMethod.Get, "/v1/servers", ReaderKey);
        using var server = await SendAsync(node, HttpMethod.Get, "/v1/servers/weather", ReaderKey);
        using var snapshot = await SendAsync(node, HttpMethod.Get, "/v1/events/snapshot", ReaderKey);
        using var feed = await EventSubscriber.OpenAsync(node.Client, "/v1/events?after=0", headers: h => h.Authorization = new AuthenticationHeaderValue("Bearer", ReaderKey));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], [servers.StatusCode, server.StatusCode, snapshot.StatusCode]);
        Assert.Equal("instance.registered", (await feed.NextAsync()).Event);
    }

    [Fact]
    public async Task Admin_MayRegisterAnyServerAndRead()
    {
        await using var node = await StartAsync();

        using var created = await SendAsync(node, HttpMethod.Post, "/v1/servers/news/instances", AdminKey, RegistryCalls.Registration().ToJsonString());
        using var servers = await SendAsync(node, HttpMethod.Get, "/v1/servers", AdminKey);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, servers.StatusCode);
    }

    [Fact]
    public async Task BatchHeartbeats_WithKeyLimitedToOneServer_Answers403ForTheOthers()
    {
        await using var node = await StartAsync();
        using (await SendAsync(node, HttpMethod.Post, "/v1/servers/weather/instances", AdminKey, RegistryCalls.Registration().ToJsonString()))
        using (await SendAsync(node, HttpMethod.Post, "/v1/servers/news/instances", AdminKey, RegistryCalls.Registration().ToJsonString()))
        {
        }

        using var response = await SendAsync(node, HttpMethod.Post, "/v1/heartbeats", WeatherKey,
            """{ "heartbeats": [ { "mcpId": "weather", "instanceId": "i1" }, { "mcpId": "news", "instanceId": "i1" } ] }""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var statuses = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetInt32());
        Assert.Equal([204, 403], statuses);
    }

    [Fact]
    public async Task Lease_WithKeyLimitedToAnotherServer_Answers403()
    {
        await using var node = await StartAsync();
        using (await SendAsync(node, HttpMethod.Post, "/v1/servers/news/instances", AdminKey, RegistryCalls.Registration().ToJsonString()))
        {
        }

        using var response = await SendAsync(node, HttpMethod.Get, "/v1/servers/news/instances/i1/lease", WeatherKey);

        await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    private static Task<TestNode> StartAsync() => TestNode.StartAsync(
        "Router:Storage:Provider=memory",
        "Router:Auth:Keys:0:Name=weather-registrar",
        $"Router:Auth:Keys:0:Hash={ApiKeyHash.Format(WeatherKey)}",
        "Router:Auth:Keys:0:Scopes:0=register",
        "Router:Auth:Keys:0:McpIds:0=weather",
        "Router:Auth:Keys:1:Name=any-registrar",
        $"Router:Auth:Keys:1:Hash={ApiKeyHash.Format(AnyServerKey).ToUpperInvariant().Replace("SHA256:", "sha256:", StringComparison.Ordinal)}",
        "Router:Auth:Keys:1:Scopes:0=register",
        "Router:Auth:Keys:2:Name=dashboard",
        $"Router:Auth:Keys:2:Hash={ApiKeyHash.Format(ReaderKey)}",
        "Router:Auth:Keys:2:Scopes:0=events:read",
        "Router:Auth:Keys:3:Name=operator",
        $"Router:Auth:Keys:3:Hash={ApiKeyHash.Format(AdminKey)}",
        "Router:Auth:Keys:3:Scopes:0=admin");

    private static Task<HttpResponseMessage> SendAsync(TestNode node, HttpMethod method, string path, string key, string? json = null, bool bearer = true)
    {
        var request = new HttpRequestMessage(method, path);
        if (bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        else
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (json is not null)
        {
            request.Content = RegistryCalls.Json(json);
        }

        return node.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
