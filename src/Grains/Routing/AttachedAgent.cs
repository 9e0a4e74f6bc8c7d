using Router.Grains.Upstream;

namespace Router.Grains.Routing;

/// <summary>An agent session attached to an MCP instance, and the upstream session of its own once it needs one.</summary>
internal sealed class AttachedAgent(string sessionId) : IAsyncDisposable
{
    public string SessionId { get; } = sessionId;

    public OwnUpstreamSession? Own { get; set; }

    public async ValueTask DisposeAsync()
    {
        if (Own is { } own)
        {
            Own = null;
            await own.DisposeAsync().ConfigureAwait(false);
        }
    }
}
