using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace Router.Gateway.Routing;

/// <summary>
/// What the router presents to agents as one version of a server, read once from what its replicas said about
/// themselves (<see cref="Router.Abstractions.Routing.IMcpInstanceGrain.DescribeAsync"/>) and shared by every session on
/// that version: reading it per request was a visible part of a routed call's cost.
/// </summary>
internal sealed class McpServerProfile
{
    private readonly JsonNode? _capabilities;

    private McpServerProfile(JsonNode? capabilities, Implementation serverInfo, string? instructions)
    {
        _capabilities = capabilities;
        ServerInfo = serverInfo;
        Instructions = instructions;
        var template = CreateCapabilities();
        OffersPrompts = template.Prompts is not null;
        OffersResources = template.Resources is not null;
        OffersCompletions = template.Completions is not null;
    }

    public Implementation ServerInfo { get; }

    public string? Instructions { get; }

    public bool OffersPrompts { get; }

    public bool OffersResources { get; }

    public bool OffersCompletions { get; }

    /// <summary>
    /// Reads a description; a missing or unreadable one gives a server of tools only, named after
    /// <paramref name="mcpId"/> and <paramref name="version"/>.
    /// </summary>
    public static McpServerProfile From(JsonNode? description, string mcpId, string version) =>
        new(
            description?["capabilities"],
            Deserialize<Implementation>(description?["serverInfo"]) ?? new Implementation { Name = mcpId, Version = version },
            description?["instructions"]?.GetValueKind() == JsonValueKind.String ? description["instructions"]!.GetValue<string>() : null);

    /// <summary>
    /// The capabilities to announce, a fresh copy for each SDK server (which may adjust its own). The router announces
    /// tool changes itself (registry events), whatever the upstream does.
    /// </summary>
    public ServerCapabilities CreateCapabilities()
    {
        var capabilities = Deserialize<ServerCapabilities>(_capabilities) ?? new ServerCapabilities();
        capabilities.Tools = new ToolsCapability { ListChanged = true };
        return capabilities;
    }

    private static T? Deserialize<T>(JsonNode? node)
        where T : class
    {
        try
        {
            return node?.Deserialize(McpForwarding.Info<T>());
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
