using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Router.EndToEnd.Tests.Fixtures;

/// <summary>
/// An agent on the router's MCP endpoint (<c>/v1/mcp/app/{mcpId}/mcp</c>) speaking Streamable HTTP by hand, as a
/// non-.NET agent would: one session opened with <c>initialize</c>, then one <c>tools/call</c> per echo.
/// </summary>
internal sealed class McpEchoAgent : IEchoAgent, IAsyncDisposable
{
    private const string ProtocolVersion = "2025-06-18";

    private readonly HttpClient _http;
    private readonly string _path;
    private readonly string _sessionId;
    private long _nextId;

    private McpEchoAgent(HttpClient http, string path, string sessionId, string name)
    {
        _http = http;
        _path = path;
        _sessionId = sessionId;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Opens a session: <c>initialize</c>, then <c>notifications/initialized</c>.</summary>
    public static async Task<McpEchoAgent> StartAsync(HttpClient http, string mcpId, string name, CancellationToken cancellationToken = default)
    {
        var path = $"/v1/mcp/app/{mcpId}/mcp";
        var initialize = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 0,
            ["method"] = "initialize",
            ["params"] = new JsonObject
            {
                ["protocolVersion"] = ProtocolVersion,
                ["capabilities"] = new JsonObject(),
                ["clientInfo"] = new JsonObject { ["name"] = name, ["version"] = "1.0" },
            },
        };
        using var request = Post(path, initialize, sessionId: null);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK
            || !response.Headers.TryGetValues("Mcp-Session-Id", out var ids)
            || Find(body, 0)?["result"] is null)
        {
            throw new InvalidOperationException($"initialize failed: HTTP {(int)response.StatusCode}: {body}");
        }

        var agent = new McpEchoAgent(http, path, ids.Single(), name);
        using var initialized = Post(path, new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "notifications/initialized" }, agent._sessionId);
        using var accepted = await http.SendAsync(initialized, cancellationToken);
        if (accepted.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"notifications/initialized answered HTTP {(int)accepted.StatusCode}.");
        }

        return agent;
    }

    public async Task<string?> EchoAsync(string message, CancellationToken cancellationToken = default)
    {
        var id = Interlocked.Increment(ref _nextId);
        var call = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id,
            ["method"] = "tools/call",
            ["params"] = new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = message } },
        };
        try
        {
            using var request = Post(_path, call, _sessionId);
            using var response = await _http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return $"HTTP {(int)response.StatusCode}: {body}";
            }

            var answer = Find(body, id);
            if (answer?["result"] is not JsonObject result)
            {
                return $"no result: {body}";
            }

            return result["isError"]?.GetValue<bool>() != true && result["content"]?[0]?["text"]?.GetValue<string>() == $"Echo: {message}"
                ? null
                : $"unexpected result: {result.ToJsonString()}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, _path);
        request.Headers.Add("Mcp-Session-Id", _sessionId);
        request.Headers.Add("MCP-Protocol-Version", ProtocolVersion);
        try
        {
            using var response = await _http.SendAsync(request);
        }
        catch (HttpRequestException)
        {
            // The node may already be gone; the session dies with it.
        }
    }

    private static HttpRequestMessage Post(string path, JsonObject message, string? sessionId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
            request.Headers.Add("MCP-Protocol-Version", ProtocolVersion);
        }

        return request;
    }

    /// <summary>The JSON-RPC message with id <paramref name="id"/> in a body that is either JSON or an event stream.</summary>
    private static JsonNode? Find(string body, long id)
    {
        foreach (var json in Messages(body))
        {
            try
            {
                if (JsonNode.Parse(json) is JsonObject message && message["id"] is JsonValue value && value.TryGetValue<long>(out var found) && found == id)
                {
                    return message;
                }
            }
            catch (JsonException)
            {
            }
        }

        return null;
    }

    private static IEnumerable<string> Messages(string body)
    {
        if (body.TrimStart().StartsWith('{'))
        {
            yield return body;
            yield break;
        }

        var data = new StringBuilder();
        foreach (var line in body.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Append(trimmed.AsSpan(5).TrimStart(' '));
            }
            else if (trimmed.Length == 0 && data.Length > 0)
            {
                yield return data.ToString();
                data.Clear();
            }
        }

        if (data.Length > 0)
        {
            yield return data.ToString();
        }
    }
}
