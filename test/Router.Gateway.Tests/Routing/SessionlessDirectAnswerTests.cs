using System.Net;
using System.Text.Json.Nodes;
using Router.Gateway.Tests.Mcp;

namespace Router.Gateway.Tests.Routing;

/// <summary>
/// Session-less 2026-07-28 requests that need nothing streamed back are answered without an SDK server (ADR 0004). The
/// agent must not be able to tell: each request is sent twice to a real server-everything through the router, once plain
/// (answered directly, <c>application/json</c>) and once with a progress token (served by the SDK server as an event
/// stream), and the two answers must agree, with the same HTTP status. The direct answer may carry more: the upstream's
/// fields that the SDK's types do not know (a tool's <c>execution</c>, from 2025-11-25) are dropped by the SDK server's
/// typed round trip and kept by the direct answer, as by a direct connection to the upstream.
/// </summary>
public sealed class SessionlessDirectAnswerTests(RoutingNodeFixture fixture) : IClassFixture<RoutingNodeFixture>
{
    public static TheoryData<string, string> Requests => new()
    {
        { "tools/list", "{}" },
        { "tools/call", """{"name":"echo","arguments":{"message":"same either way"}}""" },
        { "tools/call", """{"name":"get-sum","arguments":{"a":2,"b":40}}""" },
        { "prompts/list", "{}" },
        { "prompts/get", """{"name":"simple-prompt"}""" },
        { "resources/list", "{}" },
        { "resources/templates/list", "{}" },
        { "resources/read", """{"uri":"demo://resource/static/document/architecture.md"}""" },
        { "completion/complete", """{"ref":{"type":"ref/prompt","name":"completable-prompt"},"argument":{"name":"department","value":"E"}}""" },
        // Errors the upstream answers: an unknown tool (a result with isError, or a JSON-RPC error) and an unknown prompt.
        { "tools/call", """{"name":"no-such-tool","arguments":{}}""" },
        { "prompts/get", """{"name":"no-such-prompt"}""" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task SessionlessRequest_AnsweredDirectly_SameAsThroughTheSdkServer(string method, string parameters)
    {
        var (directStatus, directType, direct) = await SendAsync(method, JsonNode.Parse(parameters)!.AsObject(), progressToken: null);
        var (servedStatus, servedType, served) = await SendAsync(method, JsonNode.Parse(parameters)!.AsObject(), progressToken: "p-1");

        Assert.Equal("application/json", directType);
        Assert.Equal("text/event-stream", servedType);
        Assert.Equal(servedStatus, directStatus);
        Assert.True(
            Contains(direct, served, out var path),
            $"at {path}: through the SDK server: {served?.ToJsonString()}{Environment.NewLine}answered directly: {direct?.ToJsonString()}");
    }

    [Fact]
    public async Task SessionlessToolsList_AnsweredDirectly_KeepsWhatTheSdkTypesDrop()
    {
        var (_, _, direct) = await SendAsync("tools/list", [], progressToken: null);
        var (_, _, served) = await SendAsync("tools/list", [], progressToken: "p-2");

        Assert.NotNull(direct?["result"]?["tools"]?[0]?["execution"]);
        Assert.Null(served?["result"]?["tools"]?[0]?["execution"]);
    }

    [Fact]
    public async Task SessionlessRequest_MetadataVersionDiffersFromHeader_SdkServerRejectsIt()
    {
        var parameters = new JsonObject { ["_meta"] = Meta() };
        parameters["_meta"]!["io.modelcontextprotocol/protocolVersion"] = "2025-11-25";

        var (status, _, answer) = await SendAsync("tools/list", parameters, progressToken: null, withMeta: false);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(-32020, answer?["error"]?["code"]?.GetValue<int>());
    }

    private async Task<(HttpStatusCode Status, string? MediaType, JsonNode? Answer)> SendAsync(
        string method, JsonObject parameters, string? progressToken, bool withMeta = true)
    {
        if (withMeta)
        {
            parameters["_meta"] = Meta();
        }

        if (progressToken is not null)
        {
            parameters["_meta"]!["progressToken"] = progressToken;
        }

        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 5, ["method"] = method, ["params"] = parameters };
        using var request = McpRawCalls.Post(new Uri(fixture.Node.BaseAddress, $"/v1/mcp/app/{RoutingNodeFixture.McpId}/mcp"), body.ToJsonString());
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        using var response = await fixture.Node.Client.SendAsync(request);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var text = await response.Content.ReadAsStringAsync();
        var json = mediaType == "text/event-stream"
            ? text.Split('\n').Where(line => line.StartsWith("data: ", StringComparison.Ordinal)).Select(line => line["data: ".Length..]).Last()
            : text;
        return (response.StatusCode, mediaType, JsonNode.Parse(json));
    }

    /// <summary>
    /// Whether <paramref name="actual"/> has everything <paramref name="expected"/> has, equal (objects may have more
    /// properties, arrays the same elements in the same order); <paramref name="path"/> is where they first differ.
    /// </summary>
    private static bool Contains(JsonNode? actual, JsonNode? expected, out string path, string at = "$")
    {
        path = at;
        switch (expected)
        {
            case JsonObject expectedObject:
                if (actual is not JsonObject actualObject)
                {
                    return false;
                }

                foreach (var (name, value) in expectedObject)
                {
                    if (!actualObject.TryGetPropertyValue(name, out var actualValue) || !Contains(actualValue, value, out path, $"{at}.{name}"))
                    {
                        path = actualObject.ContainsKey(name) ? path : $"{at}.{name}";
                        return false;
                    }
                }

                return true;
            case JsonArray expectedArray:
                if (actual is not JsonArray actualArray || actualArray.Count != expectedArray.Count)
                {
                    return false;
                }

                for (var i = 0; i < expectedArray.Count; i++)
                {
                    if (!Contains(actualArray[i], expectedArray[i], out path, $"{at}[{i}]"))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return JsonNode.DeepEquals(actual, expected);
        }
    }

    private static JsonObject Meta() => new()
    {
        ["io.modelcontextprotocol/protocolVersion"] = "2026-07-28",
        ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
        ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "raw", ["version"] = "1.0.0" },
    };
}
