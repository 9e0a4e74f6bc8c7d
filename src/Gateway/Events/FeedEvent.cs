namespace Router.Gateway.Events;

/// <summary>
/// One event of the feed, encoded once as its complete SSE frame (<c>id</c>, <c>event</c>, <c>data</c>, blank line),
/// so that every subscriber writes the same bytes.
/// </summary>
internal sealed class FeedEvent(long sequence, string type, string mcpId, string? instanceId, byte[] frame, int dataStart, int dataLength)
{
    public long Sequence { get; } = sequence;

    public string Type { get; } = type;

    public string McpId { get; } = mcpId;

    public string? InstanceId { get; } = instanceId;

    /// <summary>The UTF-8 SSE frame.</summary>
    public byte[] Frame { get; } = frame;

    /// <summary>The event's own data (the frame's <c>data</c> property): UTF-8 JSON, <c>null</c> when the stored data was malformed.</summary>
    public ReadOnlyMemory<byte> Data => Frame.AsMemory(dataStart, dataLength);
}
