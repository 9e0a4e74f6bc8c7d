using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Router.LoadDriver.Registry;

namespace Router.LoadDriver.Routing;

/// <summary>
/// An upstream registered with the router and kept alive by a connection lease for as long as this object lives;
/// disposing closes the lease and deregisters the instance.
/// </summary>
internal sealed class UpstreamRegistration : IAsyncDisposable
{
    private readonly RegistryClient _registry;
    private readonly HttpResponseMessage _lease;

    private UpstreamRegistration(RegistryClient registry, HttpResponseMessage lease, string mcpId, string instanceId)
    {
        _registry = registry;
        _lease = lease;
        McpId = mcpId;
        InstanceId = instanceId;
    }

    public string McpId { get; }

    public string InstanceId { get; }

    public static async Task<UpstreamRegistration> RegisterAsync(RegistryClient registry, string mcpId, Uri endpoint, CancellationToken cancellationToken = default)
    {
        const string instanceId = "bench-1";
        var body = new JsonObject
        {
            ["version"] = "1.0.0",
            ["endpoint"] = endpoint.ToString(),
            ["transport"] = "streamable-http",
            ["instanceId"] = instanceId,
            ["heartbeatIntervalSeconds"] = 10,
        };
        using (var response = await registry.Http.PostAsJsonAsync($"/v1/servers/{mcpId}/instances", body, cancellationToken))
        {
            if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
            {
                throw new InvalidOperationException(
                    $"register {mcpId}/{instanceId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        // The lease makes the instance healthy (routable) and keeps it so without heartbeats.
        var lease = await registry.OpenLeaseAsync(mcpId, instanceId, cancellationToken);
        return new UpstreamRegistration(registry, lease, mcpId, instanceId);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var response = await _registry.Http.DeleteAsync($"/v1/servers/{McpId}/instances/{InstanceId}");
        }
        finally
        {
            _lease.Dispose();
        }
    }
}
