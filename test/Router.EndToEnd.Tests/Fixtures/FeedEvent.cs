namespace Router.EndToEnd.Tests.Fixtures;

/// <summary>One event received on the feed.</summary>
internal sealed record FeedEvent(long Sequence, string Type, string McpId, string? InstanceId, string Data);
