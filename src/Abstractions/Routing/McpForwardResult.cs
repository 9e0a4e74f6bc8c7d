using System.Text.Json.Nodes;

namespace Router.Abstractions.Routing;

/// <summary>The answer of a forwarded request: the upstream's result, its JSON-RPC error, or why no replica answered.</summary>
/// <param name="Outcome">Whether a replica answered (<see cref="McpInstanceOutcome.Ok"/>, or <see cref="McpInstanceOutcome.UpstreamError"/> with <paramref name="Error"/>).</param>
/// <param name="Result">The upstream's JSON-RPC result when <paramref name="Outcome"/> is <see cref="McpInstanceOutcome.Ok"/>.</param>
/// <param name="Error">The upstream's JSON-RPC error, passed on to the agent as it is; null when the failure was not an answer.</param>
public sealed record McpForwardResult(McpInstanceOutcome Outcome, JsonNode? Result, McpUpstreamError? Error)
{
    /// <summary>A replica's result.</summary>
    public static McpForwardResult Ok(JsonNode? result) => new(McpInstanceOutcome.Ok, result, null);

    /// <summary>A failure without an upstream answer.</summary>
    public static McpForwardResult Failed(McpInstanceOutcome outcome) => new(outcome, null, null);

    /// <summary>A replica's JSON-RPC error.</summary>
    public static McpForwardResult Rejected(McpUpstreamError error) => new(McpInstanceOutcome.UpstreamError, null, error);
}
