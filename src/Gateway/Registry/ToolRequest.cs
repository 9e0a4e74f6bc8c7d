using System.Text.Json;

namespace Router.Gateway.Registry;

/// <summary>A tool in a registration, as sent.</summary>
internal sealed class ToolRequest
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public JsonElement? InputSchema { get; set; }
}
