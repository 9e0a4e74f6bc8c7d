using System.Text.Json;
using System.Text.Json.Serialization;

namespace Router.Gateway.Routing;

/// <summary>The body of <c>POST /api/v1/mcp/tools/{toolName}/execute</c>.</summary>
/// <param name="Arguments">The tool's arguments: a JSON object, or absent for none.</param>
/// <param name="SessionId">An agent session (of the same key) whose upstream session should run the call; optional.</param>
internal sealed record ToolExecuteRequest(JsonElement? Arguments, [property: JsonPropertyName("session_id")] string? SessionId);
