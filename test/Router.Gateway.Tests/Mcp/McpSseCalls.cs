namespace Router.Gateway.Tests.Mcp;

/// <summary>Hand-made legacy HTTP+SSE exchanges: open the stream and learn the message endpoint it announces.</summary>
internal static class McpSseCalls
{
    /// <summary>
    /// Opens the stream (with <paramref name="configure"/> applied to the request) and reads up to its <c>endpoint</c>
    /// event. The response stays open for the session's life: dispose it to end the session.
    /// </summary>
    public static async Task<(HttpResponseMessage Stream, Uri MessageEndpoint)> OpenAsync(
        HttpClient client, Uri sseEndpoint, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, sseEndpoint);
        request.Headers.Accept.ParseAdd("text/event-stream");
        configure?.Invoke(request);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        try
        {
            response.EnsureSuccessStatusCode();
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            string? line;
            do
            {
                line = await reader.ReadLineAsync();
            }
            while (line is not null && !line.StartsWith("data: ", StringComparison.Ordinal));

            Assert.NotNull(line);
            return (response, new Uri(client.BaseAddress!, line["data: ".Length..]));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
