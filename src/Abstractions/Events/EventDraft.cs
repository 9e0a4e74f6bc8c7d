namespace Router.Abstractions.Events;

/// <summary>An event to append to the durable event log; the log assigns its global sequence number.</summary>
/// <param name="Type">The dotted event type, e.g. <c>instance.registered</c>.</param>
/// <param name="McpId">The MCP server the event concerns.</param>
/// <param name="InstanceId">The instance it concerns, when it concerns one.</param>
/// <param name="Version">The server version it concerns, when known.</param>
/// <param name="Time">When the change happened.</param>
/// <param name="Data">The event's data: a UTF-8 JSON object.</param>
public sealed record EventDraft(string Type, string McpId, string? InstanceId, string? Version, DateTimeOffset Time, byte[] Data);
