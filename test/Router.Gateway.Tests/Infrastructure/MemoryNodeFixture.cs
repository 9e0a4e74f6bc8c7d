namespace Router.Gateway.Tests.Infrastructure;

/// <summary>One in-memory node shared by the tests of a class (xunit runs them one after another).</summary>
public sealed class MemoryNodeFixture : IAsyncLifetime
{
    private TestNode? _node;

    internal TestNode Node => _node ?? throw new InvalidOperationException("The node has not started.");

    public async Task InitializeAsync() => _node = await TestNode.StartAsync("Router:Storage:Provider=memory");

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}
