using System.Text.Json;

namespace Router.Client.Http;

/// <summary>One advertised tool in a registration.</summary>
internal sealed record ToolPayload(string Name, string? Description, JsonElement InputSchema);
