namespace Router.Abstractions.Registry;

/// <summary>An MCP server and its live instances.</summary>
/// <param name="McpId">The server id.</param>
/// <param name="Instances">Its instances, ordered by id.</param>
public sealed record ServerView(string McpId, IReadOnlyList<InstanceView> Instances);
