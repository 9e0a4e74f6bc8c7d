using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Router.Gateway.Tests.Infrastructure;

/// <summary>The registry API calls the tests make, over HTTP.</summary>
internal static class RegistryCalls
{
    /// <summary>A valid registration body.</summary>
    public static JsonObject Registration(string? instanceId = "i1", string version = "1.0.0", string endpoint = "http://127.0.0.1:9001/mcp", int? interval = null)
    {
        var body = new JsonObject { ["version"] = version, ["endpoint"] = endpoint };
        if (instanceId is not null)
        {
            body["instanceId"] = instanceId;
        }

        if (interval is not null)
        {
            body["heartbeatIntervalSeconds"] = interval;
        }

        return body;
    }

    public static Task<HttpResponseMessage> RegisterAsync(this HttpClient client, string mcpId, JsonNode body) =>
        client.PostAsync($"/v1/servers/{mcpId}/instances", Json(body.ToJsonString()));

    /// <summary>Registers and asserts success.</summary>
    public static async Task<JsonElement> RegisterOkAsync(this HttpClient client, string mcpId, string instanceId = "i1", int? interval = null)
    {
        using var response = await client.RegisterAsync(mcpId, Registration(instanceId, interval: interval));
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"registration answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<HttpStatusCode> HeartbeatAsync(this HttpClient client, string mcpId, string instanceId)
    {
        using var response = await client.PutAsync($"/v1/servers/{mcpId}/instances/{instanceId}/heartbeat", content: null);
        return response.StatusCode;
    }

    public static async Task<HttpStatusCode> DrainAsync(this HttpClient client, string mcpId, string instanceId)
    {
        using var response = await client.PostAsync($"/v1/servers/{mcpId}/instances/{instanceId}/drain", content: null);
        return response.StatusCode;
    }

    public static async Task<HttpStatusCode> DeregisterAsync(this HttpClient client, string mcpId, string instanceId)
    {
        using var response = await client.DeleteAsync($"/v1/servers/{mcpId}/instances/{instanceId}");
        return response.StatusCode;
    }

    /// <summary>The sequence of <c>GET /v1/events/snapshot</c>: the newest event.</summary>
    public static async Task<long> HeadAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/v1/events/snapshot")).GetProperty("sequence").GetInt64();

    /// <summary>The servers of <c>GET /v1/servers</c>.</summary>
    public static async Task<JsonElement> ServersAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/v1/servers")).GetProperty("servers");

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
