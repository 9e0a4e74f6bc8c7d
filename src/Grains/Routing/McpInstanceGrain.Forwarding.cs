using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Router.Abstractions.Routing;
using Router.Grains.Upstream;

namespace Router.Grains.Routing;

/// <summary>Requests forwarded to a replica, the cached tool catalog, and how failures become outcomes.</summary>
internal sealed partial class McpInstanceGrain
{
    private const string RemotePrefix = "Request failed (remote): ";

    private static readonly JsonTypeInfo<ListToolsResult> ListToolsResultInfo =
        (JsonTypeInfo<ListToolsResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ListToolsResult));

    private static readonly JsonTypeInfo<CallToolResult> CallToolResultInfo =
        (JsonTypeInfo<CallToolResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult));

    private static readonly JsonTypeInfo<ServerCapabilities> CapabilitiesInfo =
        (JsonTypeInfo<ServerCapabilities>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ServerCapabilities));

    private static readonly JsonTypeInfo<Implementation> ImplementationInfo =
        (JsonTypeInfo<Implementation>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Implementation));

    /// <summary>The first page of <c>tools/list</c> as a replica answered it, valid while its generation is current.</summary>
    private Cached<JsonNode>? _toolsPage;

    /// <summary>Every tool (all pages) as a <c>ListToolsResult</c>, for the REST API, valid while its generation is current.</summary>
    private Cached<string>? _catalog;

    /// <summary>Raised whenever the tools may have changed; an answer read before a raise is never served after it.</summary>
    private int _catalogGeneration;

    public async Task<McpInstanceResult> ListToolsAsync(CancellationToken cancellationToken = default)
    {
        var generation = Volatile.Read(ref _catalogGeneration);
        if (Volatile.Read(ref _catalog) is { } cached && cached.Generation == generation)
        {
            return McpInstanceResult.Ok(cached.Value);
        }

        var pool = await PoolAsync();
        try
        {
            var tools = await pool.ListToolsAsync(cancellationToken);
            var catalog = JsonSerializer.Serialize(new ListToolsResult { Tools = [.. tools] }, ListToolsResultInfo);
            Volatile.Write(ref _catalog, new Cached<string>(generation, catalog));
            return McpInstanceResult.Ok(catalog);
        }
        catch (UpstreamException e)
        {
            return McpInstanceResult.Failed(Failed("tools/list", e).Outcome);
        }
    }

    public async Task<McpInstanceResult> CallToolAsync(string name, string? argumentsJson, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(name) || !TryReadArguments(argumentsJson, out var arguments))
        {
            return McpInstanceResult.Failed(McpInstanceOutcome.InvalidRequest);
        }

        var pool = await PoolAsync();
        try
        {
            var result = await pool.CallToolAsync(name, arguments, progress: null, cancellationToken);
            return McpInstanceResult.Ok(JsonSerializer.Serialize(result, CallToolResultInfo));
        }
        catch (UpstreamException e)
        {
            return McpInstanceResult.Failed(Failed("tools/call", e).Outcome);
        }
    }

    public async Task<McpForwardResult> DescribeAsync(CancellationToken cancellationToken = default)
    {
        var pool = await PoolAsync();
        try
        {
            var description = await pool.DescribeAsync(cancellationToken);
            return McpForwardResult.Ok(new JsonObject
            {
                ["protocolVersion"] = description.ProtocolVersion,
                ["capabilities"] = JsonSerializer.SerializeToNode(description.Capabilities, CapabilitiesInfo),
                ["serverInfo"] = description.ServerInfo is null ? null : JsonSerializer.SerializeToNode(description.ServerInfo, ImplementationInfo),
                ["instructions"] = description.Instructions,
            });
        }
        catch (UpstreamException e)
        {
            return Failed("describe", e);
        }
    }

    public async Task<McpForwardResult> ForwardAsync(McpForwardRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var agentSessionId = request.AgentSessionId;
        try
        {
            // The awaits on upstream answers below resume off the activation (ConfigureAwait(false), against the rule for grain
            // code): all that runs after them is thread-safe (the progress map, the cache, the log), and resuming on the turn
            // would cost a routed call two thread hand-offs (docs/benchmarks.md, "Routed vs direct").
            // An agent's own session first: a server may offer each session different tools (by its capabilities).
            if (agentSessionId is not null && OwnSession(agentSessionId, request) is { } own)
            {
                return McpForwardResult.Ok(await own.SendAsync(request.Method, request.Params, cancellationToken).ConfigureAwait(false));
            }

            var generation = Volatile.Read(ref _catalogGeneration);
            if (IsFirstToolsPage(request) && Volatile.Read(ref _toolsPage) is { } page && page.Generation == generation)
            {
                return McpForwardResult.Ok(page.Value.DeepClone());
            }

            var pool = await PoolAsync();
            var token = agentSessionId is null ? null : TrackProgress(agentSessionId, request.Params);
            try
            {
                var result = await pool.SendAsync(request.Method, request.Params, cancellationToken).ConfigureAwait(false);
                if (IsFirstToolsPage(request) && result is not null)
                {
                    Volatile.Write(ref _toolsPage, new Cached<JsonNode>(generation, result.DeepClone()));
                }

                return McpForwardResult.Ok(result);
            }
            finally
            {
                if (token is not null)
                {
                    _progress.TryRemove(token, out _);
                }
            }
        }
        catch (UpstreamException e)
        {
            return Failed(request.Method, e);
        }
    }

    private void InvalidateCatalog() => Interlocked.Increment(ref _catalogGeneration);

    private static bool IsFirstToolsPage(McpForwardRequest request) =>
        request.Method == RequestMethods.ToolsList && (request.Params is not JsonObject parameters || parameters["cursor"] is null);

    private McpForwardResult Failed(string operation, UpstreamException e)
    {
        RoutingLog.CallFailed(_logger, operation, GetPrimaryKeyString(), e.Failure);
        if (e is { Failure: UpstreamFailure.ProtocolError, InnerException: McpProtocolException remote })
        {
            var message = remote.Message.StartsWith(RemotePrefix, StringComparison.Ordinal) ? remote.Message[RemotePrefix.Length..] : remote.Message;
            return McpForwardResult.Rejected(new McpUpstreamError((int)remote.ErrorCode, message));
        }

        return McpForwardResult.Failed(e.Failure switch
        {
            UpstreamFailure.Timeout => McpInstanceOutcome.Timeout,
            UpstreamFailure.ProtocolError => McpInstanceOutcome.UpstreamError,
            _ => McpInstanceOutcome.Unavailable,
        });
    }

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
