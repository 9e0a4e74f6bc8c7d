namespace Router.Abstractions.Routing;

/// <summary>A JSON-RPC error an upstream MCP server answered with.</summary>
/// <param name="Code">The JSON-RPC error code.</param>
/// <param name="Message">The upstream's error message.</param>
public sealed record McpUpstreamError(int Code, string Message);
