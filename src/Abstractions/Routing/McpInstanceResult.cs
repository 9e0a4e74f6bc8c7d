namespace Router.Abstractions.Routing;

/// <summary>The answer of an <see cref="IMcpInstanceGrain"/> call.</summary>
/// <param name="Outcome">Whether the call reached a replica and how it failed if not.</param>
/// <param name="Json">The upstream result's JSON when <paramref name="Outcome"/> is <see cref="McpInstanceOutcome.Ok"/>; otherwise null.</param>
public sealed record McpInstanceResult(McpInstanceOutcome Outcome, string? Json)
{
    /// <summary>A successful result carrying <paramref name="json"/>.</summary>
    public static McpInstanceResult Ok(string json) => new(McpInstanceOutcome.Ok, json);

    /// <summary>A failed result.</summary>
    public static McpInstanceResult Failed(McpInstanceOutcome outcome) => new(outcome, null);
}
