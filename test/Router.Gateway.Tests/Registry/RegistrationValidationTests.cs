using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Registry;

/// <summary>
/// Every rule of docs/api/registry.md "Identifiers and limits", and malformed bodies: each answer is problem details
/// naming the field, and nothing is registered (no server, no event).
/// </summary>
public sealed class RegistrationValidationTests(MemoryNodeFixture fixture) : IClassFixture<MemoryNodeFixture>
{
    public static TheoryData<string, string, string?, string, string> BadRegistrations()
    {
        // case name, mcpId in the path, body (null: none), content type, field the problem must name
        var data = new TheoryData<string, string, string?, string, string>();
        void Add(string name, string field, Action<JsonObject> change, string mcpId = "weather")
        {
            var body = RegistryCalls.Registration();
            change(body);
            data.Add(name, mcpId, body.ToJsonString(), "application/json", field);
        }

        void Raw(string name, string field, string? body, string contentType = "application/json") =>
            data.Add(name, "weather", body, contentType, field);

        Add("mcpId upper case", "mcpId", _ => { }, mcpId: "Weather");
        Add("mcpId leading dash", "mcpId", _ => { }, mcpId: "-weather");
        Add("mcpId too long", "mcpId", _ => { }, mcpId: new string('a', 129));
        Add("instanceId empty", "instanceId", b => b["instanceId"] = "");
        Add("instanceId leading dot", "instanceId", b => b["instanceId"] = ".a");
        Add("instanceId with space", "instanceId", b => b["instanceId"] = "a b");
        Add("instanceId too long", "instanceId", b => b["instanceId"] = new string('a', 129));
        Add("version missing", "version", b => b.Remove("version"));
        Add("version empty", "version", b => b["version"] = "");
        Add("version with space", "version", b => b["version"] = "1.0 beta");
        Add("version too long", "version", b => b["version"] = new string('1', 65));
        Add("version wrong type", "version", b => b["version"] = 12);
        Add("endpoint missing", "endpoint", b => b.Remove("endpoint"));
        Add("endpoint not a URL", "endpoint", b => b["endpoint"] = "not a url");
        Add("endpoint relative", "endpoint", b => b["endpoint"] = "/mcp");
        Add("endpoint ftp", "endpoint", b => b["endpoint"] = "ftp://127.0.0.1/mcp");
        Add("endpoint too long", "endpoint", b => b["endpoint"] = "http://127.0.0.1/" + new string('a', 2040));
        Add("endpoint user info", "endpoint", b => b["endpoint"] = "http://user:secret@127.0.0.1:9001/mcp");
        Add("endpoint AWS metadata", "endpoint", b => b["endpoint"] = "http://169.254.169.254/latest/meta-data");
        Add("endpoint link-local IPv4", "endpoint", b => b["endpoint"] = "http://169.254.10.20:9001/mcp");
        Add("endpoint link-local IPv6", "endpoint", b => b["endpoint"] = "http://[fe80::1]:9001/mcp");
        Add("endpoint IPv4-mapped metadata", "endpoint", b => b["endpoint"] = "http://[::ffff:169.254.169.254]/");
        Add("endpoint AWS IPv6 metadata", "endpoint", b => b["endpoint"] = "http://[fd00:ec2::254]/");
        Add("endpoint GCP metadata name", "endpoint", b => b["endpoint"] = "http://metadata.google.internal/computeMetadata/v1/");
        Add("endpoint GCP metadata name with dot", "endpoint", b => b["endpoint"] = "http://METADATA.google.internal./");
        Add("endpoint metadata as decimal", "endpoint", b => b["endpoint"] = "http://2852039166/");
        Add("transport unknown", "transport", b => b["transport"] = "websocket");
        Add("interval zero", "heartbeatIntervalSeconds", b => b["heartbeatIntervalSeconds"] = 0);
        Add("interval too long", "heartbeatIntervalSeconds", b => b["heartbeatIntervalSeconds"] = 301);
        Add("interval wrong type", "heartbeatIntervalSeconds", b => b["heartbeatIntervalSeconds"] = "ten");
        Add("metadata too many", "metadata", b => b["metadata"] = new JsonObject([.. Enumerable.Range(0, 65).Select(i => KeyValuePair.Create($"k{i}", (JsonNode?)"v"))]));
        Add("metadata key too long", "metadata", b => b["metadata"] = new JsonObject { [new string('k', 129)] = "v" });
        Add("metadata key empty", "metadata", b => b["metadata"] = new JsonObject { [""] = "v" });
        Add("metadata value too long", "metadata.zone", b => b["metadata"] = new JsonObject { ["zone"] = new string('v', 1025) });
        Add("metadata value wrong type", "metadata.zone", b => b["metadata"] = new JsonObject { ["zone"] = 1 });
        Add("metadata value null", "metadata.zone", b => b["metadata"] = new JsonObject { ["zone"] = null });
        Add("tools too many", "tools", b => b["tools"] = new JsonArray([.. Enumerable.Range(0, 1025).Select(i => (JsonNode)new JsonObject { ["name"] = $"t{i}" })]));
        Add("tools wrong type", "tools", b => b["tools"] = "forecast");
        Add("tool null", "tools[0]", b => b["tools"] = new JsonArray((JsonNode?)null));
        Add("tool name missing", "tools[0].name", b => b["tools"] = new JsonArray(new JsonObject { ["description"] = "d" }));
        Add("tool name empty", "tools[0].name", b => b["tools"] = new JsonArray(new JsonObject { ["name"] = "" }));
        Add("tool name with space", "tools[0].name", b => b["tools"] = new JsonArray(new JsonObject { ["name"] = "get weather" }));
        Add("tool name too long", "tools[0].name", b => b["tools"] = new JsonArray(new JsonObject { ["name"] = new string('t', 129) }));
        Add("tool name duplicate", "tools[1].name", b => b["tools"] = new JsonArray(new JsonObject { ["name"] = "a" }, new JsonObject { ["name"] = "a" }));
        Add("tool description too long", "tools[0].description", b => b["tools"] = new JsonArray(new JsonObject { ["name"] = "a", ["description"] = new string('d', 4097) }));
        Add("tool schema a string", "tools[0].inputSchema", b => b["tools"] = new JsonArray(new JsonObject { ["name"] = "a", ["inputSchema"] = "object" }));
        Add("tool schema an array", "tools[0].inputSchema", b => b["tools"] = new JsonArray(new JsonObject { ["name"] = "a", ["inputSchema"] = new JsonArray() }));
        Raw("malformed JSON", "body", """{ "version": "1.0.0", """);
        Raw("not an object", "body", "[]");
        Raw("JSON null", "body", "null");
        Raw("empty body", "body", null);
        Raw("wrong content type", "body", RegistryCalls.Registration().ToJsonString(), "text/plain");
        Raw("form content type", "body", "version=1.0.0", "application/x-www-form-urlencoded");
        return data;
    }

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task Register_WithInvalidInput_Answers400NamingTheFieldAndRegistersNothing(string name, string mcpId, string? body, string contentType, string field)
    {
        var client = fixture.Node.Client;
        var head = await client.HeadAsync();
        using var content = body is null ? null : new StringContent(body, Encoding.UTF8, contentType);
        if (content is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType) { CharSet = "utf-8" };
        }

        using var response = await client.PostAsync($"/v1/servers/{Uri.EscapeDataString(mcpId)}/instances", content);

        await Problems.AssertValidationProblemAsync(response, field);
        await AssertNothingRegisteredAsync(head, name);
    }

    [Fact]
    public async Task Register_WithBodyOverOneMebibyte_Answers413AndRegistersNothing()
    {
        var client = fixture.Node.Client;
        var head = await client.HeadAsync();
        var body = RegistryCalls.Registration();
        body["metadata"] = new JsonObject { ["padding"] = new string('x', (1024 * 1024) + 10) };

        using var response = await client.RegisterAsync("weather", body);

        await Problems.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingRegisteredAsync(head, "oversized body");
    }

    [Fact]
    public async Task Register_WithChunkedBodyOverOneMebibyte_Answers413()
    {
        var client = fixture.Node.Client;
        var head = await client.HeadAsync();
        var bytes = Encoding.UTF8.GetBytes("{\"version\":\"" + new string('1', (1024 * 1024) + 10) + "\"}");
        using var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/servers/weather/instances") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        await Problems.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingRegisteredAsync(head, "oversized chunked body");
    }

    [Theory]
    [InlineData("/v1/servers/Weather/instances/i1/heartbeat", "mcpId")]
    [InlineData("/v1/servers/weather/instances/-i1/heartbeat", "instanceId")]
    public async Task Heartbeat_WithInvalidPath_Answers400NamingTheField(string path, string field)
    {
        using var response = await fixture.Node.Client.PutAsync(path, content: null);

        await Problems.AssertValidationProblemAsync(response, field);
    }

    [Theory]
    [InlineData("""{ "inFlightCalls": -1 }""", "application/json", "inFlightCalls")]
    [InlineData("""{ "inFlightCalls": "many" }""", "application/json", "inFlightCalls")]
    [InlineData("""{ "inFlightCalls": 1 """, "application/json", "body")]
    [InlineData("""{ "inFlightCalls": 1 }""", "text/plain", "body")]
    public async Task Heartbeat_WithInvalidBody_Answers400NamingTheField(string body, string contentType, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, contentType);

        using var response = await fixture.Node.Client.PutAsync("/v1/servers/weather/instances/i1/heartbeat", content);

        await Problems.AssertValidationProblemAsync(response, field);
    }

    [Theory]
    [InlineData("{ }", "heartbeats")]
    [InlineData("""{ "heartbeats": {} }""", "heartbeats")]
    [InlineData("[", "body")]
    public async Task BatchHeartbeats_WithInvalidBody_Answers400NamingTheField(string body, string field)
    {
        using var response = await fixture.Node.Client.PostAsync("/v1/heartbeats", RegistryCalls.Json(body));

        await Problems.AssertValidationProblemAsync(response, field);
    }

    private async Task AssertNothingRegisteredAsync(long headBefore, string name)
    {
        var client = fixture.Node.Client;
        Assert.True(await client.HeadAsync() == headBefore, $"{name}: an event was published");
        Assert.True((await client.ServersAsync()).GetArrayLength() == 0, $"{name}: a server was registered");
    }
}
