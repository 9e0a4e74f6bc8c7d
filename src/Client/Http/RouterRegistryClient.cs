using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Router.Client.Http;

/// <summary>
/// The registry API calls a server makes (docs/api/registry.md). Expected outcomes come back as results (a 404 for an
/// unknown instance); anything else that is not a success throws <see cref="HttpRequestException"/> with the status.
/// </summary>
internal sealed class RouterRegistryClient(IHttpClientFactory httpClientFactory, IOptions<McpRouterRegistrationOptions> options)
{
    /// <summary>The most characters of an error body quoted in an exception message.</summary>
    private const int MaxQuotedBodyLength = 512;

    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");

    /// <summary><c>POST /v1/servers/{mcpId}/instances</c>: creates or updates the instance.</summary>
    public async Task<RegisterInstanceResponse> RegisterAsync(string mcpId, RegisterInstanceRequest body, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Post, $"v1/servers/{Uri.EscapeDataString(mcpId)}/instances");
        request.Content = JsonContent.Create(body, ClientJsonContext.Default.RegisterInstanceRequest);
        using var response = await CreateClient().SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "registration", cancellationToken).ConfigureAwait(false);
        var answer = await response.Content.ReadFromJsonAsync(ClientJsonContext.Default.RegisterInstanceResponse, cancellationToken).ConfigureAwait(false);
        if (answer is null || !McpRouterIdentifiers.IsValidInstanceId(answer.InstanceId))
        {
            throw new HttpRequestException($"The router answered the registration with {(int)response.StatusCode} but no valid instanceId.");
        }

        return answer;
    }

    /// <summary><c>PUT …/heartbeat</c>: renews the lease. False when the router does not know the instance.</summary>
    public async Task<bool> HeartbeatAsync(string mcpId, string instanceId, McpRouterLoad? load, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Put, $"{InstancePath(mcpId, instanceId)}/heartbeat");
        if (load is { } reported)
        {
            request.Content = JsonContent.Create(
                new HeartbeatRequest(reported.InFlightCalls, reported.MaxConcurrentCalls), ClientJsonContext.Default.HeartbeatRequest);
        }

        using var response = await CreateClient().SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, "heartbeat", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// <c>GET …/lease</c>: opens the connection lease and returns it once the response has started; null when the router
    /// does not know the instance. The caller owns (and disposes) the returned stream.
    /// </summary>
    public async Task<LeaseConnection?> OpenLeaseAsync(string mcpId, string instanceId, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Get, $"{InstancePath(mcpId, instanceId)}/lease");
        request.Headers.Accept.Add(EventStream);
        var response = await CreateClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                response.Dispose();
                return null;
            }

            await EnsureSuccessAsync(response, "connection lease", cancellationToken).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new LeaseConnection(response, stream);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary><c>DELETE /v1/servers/{mcpId}/instances/{instanceId}</c>. False when the router did not know the instance.</summary>
    public async Task<bool> DeregisterAsync(string mcpId, string instanceId, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Delete, InstancePath(mcpId, instanceId));
        using var response = await CreateClient().SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, "deregistration", cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static string InstancePath(string mcpId, string instanceId) =>
        $"v1/servers/{Uri.EscapeDataString(mcpId)}/instances/{Uri.EscapeDataString(instanceId)}";

    private HttpClient CreateClient() => httpClientFactory.CreateClient(McpRouterServiceCollectionExtensions.HttpClientName);

    private HttpRequestMessage CreateRequest(HttpMethod method, string relativePath)
    {
        var settings = options.Value;
        var routerUrl = settings.RouterUrl ?? throw new InvalidOperationException("McpRouter:RouterUrl is not set.");
        // A base URL without a trailing slash would drop its last path segment when combined.
        var baseUrl = routerUrl.AbsoluteUri.EndsWith('/') ? routerUrl : new Uri(routerUrl.AbsoluteUri + "/");
        var request = new HttpRequestMessage(method, new Uri(baseUrl, relativePath));
        if (!string.IsNullOrEmpty(settings.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        }

        return request;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        // The router answers problem details naming the offending field; quoting them makes the log actionable.
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            body = string.Empty;
        }

        if (body.Length > MaxQuotedBodyLength)
        {
            body = string.Concat(body.AsSpan(0, MaxQuotedBodyLength), "…");
        }

        var message = $"The router answered the {operation} with {(int)response.StatusCode} ({response.ReasonPhrase})"
            + (body.Length == 0 ? "." : $": {body}");
        throw new HttpRequestException(HttpRequestError.Unknown, message, inner: null, response.StatusCode);
    }
}
