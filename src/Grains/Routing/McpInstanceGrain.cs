using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Router.Abstractions.Grains;
using Router.Abstractions.Registry;
using Router.Abstractions.Routing;
using Router.Grains.Upstream;

namespace Router.Grains.Routing;

/// <summary>
/// One version of one MCP server (key <c>mcp_id/version</c>): a shared <see cref="UpstreamPool"/> to that version's routable
/// replicas, read from the server's registry grain. One reentrant worker per node, so every agent on the node shares the
/// pool's sessions and a slow upstream call does not hold up the others (the pool is thread-safe).
/// </summary>
/// <remarks>
/// The replica list is re-read from the registry when it is older than <see cref="RefreshInterval"/> at the start of a
/// call. Pushing registry changes to the grain instead (the registry's event stream) is future work.
/// </remarks>
[StatelessWorker(1)]
[Reentrant]
internal sealed class McpInstanceGrain(ILoggerFactory loggerFactory) : Grain, IMcpInstanceGrain
{
    /// <summary>How old the replica list may get before a call re-reads it.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    /// <summary>Below the silo's 30-second grain response timeout, so an upstream timeout is reported as one.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(25);

    private static readonly JsonTypeInfo<ListToolsResult> ListToolsResultInfo =
        (JsonTypeInfo<ListToolsResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ListToolsResult));

    private static readonly JsonTypeInfo<CallToolResult> CallToolResultInfo =
        (JsonTypeInfo<CallToolResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult));

    private readonly ILogger _logger = loggerFactory.CreateLogger<McpInstanceGrain>();
    private UpstreamPool? _pool;
    private Task? _refreshing;
    private DateTimeOffset _refreshedAt;

    private McpVersionKey Key => McpVersionKey.Parse(GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _pool = new UpstreamPool(new UpstreamOptions { CallTimeout = CallTimeout }, TimeProvider, loggerFactory);
        var replicas = await RefreshAsync();
        RoutingLog.Activated(_logger, GetPrimaryKeyString(), replicas);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_pool is { } pool)
        {
            _pool = null;
            await pool.DisposeAsync();
        }
    }

    public Task<McpInstanceResult> ListToolsAsync(CancellationToken cancellationToken = default) =>
        RunAsync(
            "tools/list",
            async (pool, token) =>
            {
                var tools = await pool.ListToolsAsync(token);
                return JsonSerializer.Serialize(new ListToolsResult { Tools = [.. tools] }, ListToolsResultInfo);
            },
            cancellationToken);

    public Task<McpInstanceResult> CallToolAsync(string name, string? argumentsJson, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(name) || !TryReadArguments(argumentsJson, out var arguments))
        {
            return Task.FromResult(McpInstanceResult.Failed(McpInstanceOutcome.InvalidRequest));
        }

        return RunAsync(
            "tools/call",
            async (pool, token) =>
            {
                var result = await pool.CallToolAsync(name, arguments, progress: null, token);
                return JsonSerializer.Serialize(result, CallToolResultInfo);
            },
            cancellationToken);
    }

    private async Task<McpInstanceResult> RunAsync(string operation, Func<UpstreamPool, CancellationToken, Task<string>> call, CancellationToken cancellationToken)
    {
        if (TimeProvider.GetUtcNow() - _refreshedAt >= RefreshInterval)
        {
            await RefreshAsync();
        }

        var pool = _pool ?? throw new InvalidOperationException("The MCP instance grain is not active.");
        try
        {
            return McpInstanceResult.Ok(await call(pool, cancellationToken));
        }
        catch (UpstreamException e)
        {
            RoutingLog.CallFailed(_logger, operation, GetPrimaryKeyString(), e.Failure);
            return McpInstanceResult.Failed(e.Failure switch
            {
                UpstreamFailure.Timeout => McpInstanceOutcome.Timeout,
                UpstreamFailure.ProtocolError => McpInstanceOutcome.UpstreamError,
                _ => McpInstanceOutcome.Unavailable,
            });
        }
    }

    /// <summary>Re-reads the routable replicas; concurrent callers (the grain is reentrant) share one read.</summary>
    private async Task<int> RefreshAsync()
    {
        _refreshing ??= ReadReplicasAsync();
        try
        {
            await _refreshing;
        }
        finally
        {
            _refreshing = null;
        }

        return _pool?.GetStatus().Count ?? 0;
    }

    private async Task ReadReplicasAsync()
    {
        var key = Key;
        try
        {
            var server = await GrainFactory.GetGrain<IConnectionRegistryGrain>(key.McpId).GetAsync();
            var replicas = server.Instances
                .Where(i => string.Equals(i.Version, key.Version, StringComparison.Ordinal) && McpVersions.IsRoutable(i.Status))
                .Select(ToReplica)
                .OfType<UpstreamReplica>()
                .ToList();
            _pool?.UpdateReplicas(replicas);
            _refreshedAt = TimeProvider.GetUtcNow();
            RoutingLog.ReplicasRefreshed(_logger, GetPrimaryKeyString(), replicas.Count);
        }
        catch (Exception e) when (e is GrainCallTimeoutException or InvalidOperationException)
        {
            // Keep routing to the replicas already known; the next call tries the registry again.
            RoutingLog.RefreshFailed(_logger, GetPrimaryKeyString(), e);
        }
    }

    private static UpstreamReplica? ToReplica(InstanceView instance) =>
        Uri.TryCreate(instance.Endpoint, UriKind.Absolute, out var endpoint)
            ? new UpstreamReplica(
                instance.InstanceId,
                endpoint,
                instance.Transport == McpTransport.Sse ? UpstreamTransport.Sse : UpstreamTransport.StreamableHttp)
            : null;

    private static bool TryReadArguments(string? json, out Dictionary<string, object?>? arguments)
    {
        arguments = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Null)
            {
                return true;
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                arguments[property.Name] = property.Value.Clone();
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
