using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Router.Gateway.Tests.Mcp;

/// <summary>Hand-made Streamable HTTP exchanges, for what the SDK clients never send.</summary>
internal static class McpRawCalls
{
    public const string InitializeBody =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1.0.0"}}}""";

    public const string ToolsListBody = """{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{}}""";

    public static HttpRequestMessage Post(Uri endpoint, string body, string? sessionId = null, string mediaType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
        }

        return request;
    }

    /// <summary>Opens a session with initialize and returns its id.</summary>
    public static async Task<string> InitializeAsync(HttpClient client, Uri endpoint)
    {
        using var response = await client.SendAsync(Post(endpoint, InitializeBody));
        response.EnsureSuccessStatusCode();
        var sessionId = Assert.Single(response.Headers.GetValues("Mcp-Session-Id"));
        Assert.Contains("\"result\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var initialized = await client.SendAsync(Post(endpoint, """{"jsonrpc":"2.0","method":"notifications/initialized"}""", sessionId));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, initialized.StatusCode);
        return sessionId;
    }

    /// <summary>The JSON-RPC error code of a plain JSON error response.</summary>
    public static async Task<int> ErrorCodeAsync(HttpResponseMessage response)
    {
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("2.0", document.RootElement.GetProperty("jsonrpc").GetString());
        return document.RootElement.GetProperty("error").GetProperty("code").GetInt32();
    }
}
