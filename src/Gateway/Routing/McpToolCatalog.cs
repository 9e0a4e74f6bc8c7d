using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using Router.Abstractions.Routing;
using Router.Gateway.Diagnostics;
using Router.Gateway.Events;

namespace Router.Gateway.Routing;

/// <summary>
/// The tools of every registered server, namespaced <c>{mcpId}__{tool}</c> — what the aggregate endpoint and
/// <c>/api/v1/mcp/tools</c> offer. Servers are read from the persisted registry; each server's tools come from its newest
/// routable version's instance grain (which caches them until they change).
/// </summary>
internal sealed class McpToolCatalog(EventFeed feed, McpVersionResolver resolver, ILogger<McpToolCatalog> logger)
{
    /// <summary>Between the server id and the tool name in a namespaced tool name.</summary>
    public const string Separator = "__";

    /// <summary>How long one server may take to list its tools before the catalog is answered without them.</summary>
    public static readonly TimeSpan ServerListTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Every routable server's tools; a server that cannot list them now is left out (and logged).</summary>
    public async Task<IReadOnlyList<McpCatalogTool>> ListAsync(CancellationToken cancellationToken)
    {
        var snapshot = await RegistrySnapshots.ReadAsync(feed.Log, cancellationToken: cancellationToken).ConfigureAwait(false);
        var lists = await Task.WhenAll(snapshot.Servers.Select(server => ListServerAsync(server.McpId, cancellationToken))).ConfigureAwait(false);
        return [.. lists.SelectMany(tools => tools)];
    }

    /// <summary>
    /// The server and tool a namespaced name stands for. A server id may itself contain <c>__</c>, so every split is tried
    /// from the left and the first whose server has a routable version wins.
    /// </summary>
    public async ValueTask<McpCatalogTarget?> FindAsync(string namespacedName)
    {
        for (var at = namespacedName.IndexOf(Separator, StringComparison.Ordinal); at > 0; at = namespacedName.IndexOf(Separator, at + 1, StringComparison.Ordinal))
        {
            var mcpId = namespacedName[..at];
            var toolName = namespacedName[(at + Separator.Length)..];
            if (toolName.Length > 0 && await resolver.ResolveAsync(mcpId, version: null).ConfigureAwait(false) is { } version)
            {
                return new McpCatalogTarget(mcpId, version, toolName, resolver.Instance(mcpId, version));
            }
        }

        return null;
    }

    private async Task<IReadOnlyList<McpCatalogTool>> ListServerAsync(string mcpId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ServerListTimeout);
        try
        {
            if (await resolver.ResolveAsync(mcpId, version: null).ConfigureAwait(false) is not { } version)
            {
                return [];
            }

            var result = await resolver.Instance(mcpId, version)
                .ForwardAsync(new McpForwardRequest(RequestMethods.ToolsList, Params: null, AgentSessionId: null, NeedsOwnSession: false), timeout.Token)
                .ConfigureAwait(false);
            var tools = McpForwarding.Read<ListToolsResult>(result).Tools;
            return [.. tools.Select(tool => new McpCatalogTool(mcpId, version, Rename(tool, mcpId + Separator + tool.Name)))];
        }
        catch (Exception e) when (e is ModelContextProtocol.McpException or JsonException or InvalidOperationException
            or Router.Abstractions.Grains.GrainCallTimeoutException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            ToolRoutingLog.CatalogServerSkipped(logger, mcpId, e);
            return [];
        }
    }

    private static Tool Rename(Tool tool, string name)
    {
        var node = JsonSerializer.SerializeToNode(tool, McpForwarding.Info<Tool>())!.AsObject();
        node["name"] = name;
        return node.Deserialize(McpForwarding.Info<Tool>())!;
    }
}
