using System.Text.Json;

namespace Router.Abstractions.Registry;

/// <summary>A tool an instance advertises at registration.</summary>
/// <param name="Name">The tool name.</param>
/// <param name="Description">What it does.</param>
/// <param name="InputSchema">Its JSON schema, when given.</param>
public sealed record ToolDescriptor(string Name, string? Description, JsonElement? InputSchema);
