using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Router.LoadDriver.Registry;

/// <summary>The registry HTTP API, as a server or a dashboard uses it.</summary>
internal sealed class RegistryClient(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public static HttpClient CreateHttpClient(Uri router, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),

        // Disposing an unfinished response (closing a lease) must close the socket at once, as a dying server
        // does, not first try to drain the endless stream for up to two seconds.
        MaxResponseDrainSize = 0,
    })
    {
        BaseAddress = router,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task RegisterAsync(string mcpId, string instanceId, int intervalSeconds = 300, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["version"] = "1.0.0",
            ["endpoint"] = $"http://127.0.0.1:9/{mcpId}/{instanceId}",
            ["instanceId"] = instanceId,
            ["heartbeatIntervalSeconds"] = intervalSeconds,
        };
        using var response = await Http.PostAsJsonAsync($"/v1/servers/{mcpId}/instances", body, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            throw new InvalidOperationException($"register {mcpId}/{instanceId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public async Task<HttpStatusCode> HeartbeatAsync(string mcpId, string instanceId, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/servers/{mcpId}/instances/{instanceId}/heartbeat");
        using var response = await Http.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    public async Task<long> HeadSequenceAsync(CancellationToken cancellationToken = default)
    {
        using var snapshot = JsonDocument.Parse(await Http.GetStringAsync("/v1/events/snapshot", cancellationToken));
        return snapshot.RootElement.GetProperty("sequence").GetInt64();
    }

    /// <summary>Opens the event feed after <paramref name="after"/>; the caller disposes the response.</summary>
    public async Task<(HttpResponseMessage Response, SseReader Reader)> SubscribeAsync(long after, CancellationToken cancellationToken = default)
    {
        var response = await Http.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, $"/v1/events?after={after}"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (response, new SseReader(await response.Content.ReadAsStreamAsync(cancellationToken)));
    }

    /// <summary>Opens a connection lease and waits for its first frame; dispose the response to close it.</summary>
    public async Task<HttpResponseMessage> OpenLeaseAsync(string mcpId, string instanceId, CancellationToken cancellationToken = default)
    {
        var response = await Http.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, $"/v1/servers/{mcpId}/instances/{instanceId}/lease"),
            HttpCompletionOption.ResponseHeadersRead,
            cancellationToken);
        response.EnsureSuccessStatusCode();
        var reader = new SseReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var first = await reader.ReadAsync(cancellationToken);
        if (first?.Event != "lease")
        {
            throw new InvalidOperationException($"lease {mcpId}/{instanceId} did not start with a lease frame");
        }

        return response;
    }

    /// <summary>The (type, mcpId, instanceId, sequence) of an event frame.</summary>
    public static (string Type, string McpId, string? InstanceId, long Sequence) Parse(SseFrame frame)
    {
        using var document = JsonDocument.Parse(frame.Data);
        var root = document.RootElement;
        return (
            root.GetProperty("type").GetString()!,
            root.GetProperty("mcpId").GetString()!,
            root.TryGetProperty("instanceId", out var id) ? id.GetString() : null,
            root.GetProperty("sequence").GetInt64());
    }
}
