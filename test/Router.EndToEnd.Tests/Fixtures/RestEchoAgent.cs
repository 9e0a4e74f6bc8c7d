using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Router.EndToEnd.Tests.Fixtures;

/// <summary>An agent on the REST tool API: <c>POST /v1/mcp/proxy/{mcpId}/tool/call</c>.</summary>
internal sealed class RestEchoAgent(HttpClient http, string mcpId, string name) : IEchoAgent
{
    public string Name => name;

    public async Task<string?> EchoAsync(string message, CancellationToken cancellationToken = default)
    {
        var (status, body) = await CallAsync(http, mcpId, "echo", new JsonObject { ["message"] = message }, cancellationToken);
        if (status != HttpStatusCode.OK)
        {
            return $"HTTP {(int)status}: {body}";
        }

        return FirstText(body) == $"Echo: {message}" ? null : $"unexpected answer: {body}";
    }

    /// <summary>Calls tool <paramref name="tool"/> and returns the status and body as the router answered them.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> CallAsync(
        HttpClient http, string mcpId, string tool, JsonObject arguments, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await http.PostAsJsonAsync(
                $"/v1/mcp/proxy/{mcpId}/tool/call", new JsonObject { ["name"] = tool, ["arguments"] = arguments }, cancellationToken);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // A router that drops the request is a failed call, recorded like any other.
            return (0, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>The text of the first content block of a <c>CallToolResult</c> that is not an error; null otherwise.</summary>
    public static string? FirstText(string callToolResult)
    {
        try
        {
            var result = JsonNode.Parse(callToolResult);
            return result?["isError"]?.GetValue<bool>() == true ? null : result?["content"]?[0]?["text"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
