namespace Router.Abstractions.Events;

/// <summary>An event as stored in the durable event log.</summary>
/// <param name="Sequence">The global sequence number: increasing, never reused, gap-free in what readers see.</param>
/// <param name="Type">The dotted event type.</param>
/// <param name="McpId">The MCP server the event concerns.</param>
/// <param name="InstanceId">The instance it concerns, when it concerns one.</param>
/// <param name="Version">The server version it concerns, when known.</param>
/// <param name="Time">When the change happened.</param>
/// <param name="Data">The event's data: a UTF-8 JSON object.</param>
public sealed record LoggedEvent(long Sequence, string Type, string McpId, string? InstanceId, string? Version, DateTimeOffset Time, byte[] Data);
