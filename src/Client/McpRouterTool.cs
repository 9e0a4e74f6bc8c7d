using System.Text.Json;

namespace Router.Client;

/// <summary>A tool the server advertises in its registration, so the router can list it before it connects.</summary>
public sealed class McpRouterTool
{
    /// <summary>The tool name: 1–128 characters of <c>A-Z a-z 0-9 _ . -</c>, unique within the server. Required.</summary>
    public string? Name { get; set; }

    /// <summary>What the tool does, at most 4,096 characters. Default none.</summary>
    public string? Description { get; set; }

    /// <summary>
    /// The JSON Schema of the tool's arguments; must be a JSON object. When left undefined (the default) the
    /// registration sends <c>{"type":"object"}</c>. Configuration binding cannot fill it: set it in code, for example
    /// from the MCP SDK's tool definitions.
    /// </summary>
    public JsonElement InputSchema { get; set; }
}
