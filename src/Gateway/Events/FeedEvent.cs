namespace Router.Gateway.Events;

/// <summary>
/// One event of the feed, encoded once as its complete SSE frame (<c>id</c>, <c>event</c>, <c>data</c>, blank line),
/// so that every subscriber writes the same bytes.
/// </summary>
internal sealed class FeedEvent(long sequence, string type, string mcpId, byte[] frame)
{
    public long Sequence { get; } = sequence;

    public string Type { get; } = type;

    public string McpId { get; } = mcpId;

    /// <summary>The UTF-8 SSE frame.</summary>
    public byte[] Frame { get; } = frame;
}
