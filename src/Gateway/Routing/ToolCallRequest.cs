using System.Text.Json;

namespace Router.Gateway.Routing;

/// <summary>The body of <c>POST /v1/mcp/proxy/{mcpId}/tool/call</c>.</summary>
/// <param name="Name">The tool to call.</param>
/// <param name="Arguments">Its arguments: a JSON object, or absent for none.</param>
internal sealed record ToolCallRequest(string? Name, JsonElement? Arguments);
