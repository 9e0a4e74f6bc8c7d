using Router.Silo.Streams;

namespace Router.Silo.Tests.Streams;

/// <summary>The event log contract that only durable providers (a database outliving the storage instance) keep.</summary>
public abstract class DurableEventLogTests : EventLogTests
{
    /// <summary>Deletes every event row behind the storage's back, with the provider's own SQL.</summary>
    protected abstract Task DeleteAllEventRowsAsync();

    [Fact]
    public async Task AppendAsync_EveryRowDeletedThenReopened_ContinuesTheSequence()
    {
        await Log.AppendAsync(Drafts(5));
        await DeleteAllEventRowsAsync();
        await DisposeStorageAsync(Storage);

        var reopened = (IEventLog)await CreateInitializedStorageAsync();
        var emptied = await reopened.GetBoundsAsync();
        var next = await reopened.AppendAsync(Drafts(1));

        Assert.Equal(new EventLogBounds(0, 5), emptied);
        Assert.Equal(6, next);
        Assert.Equal(new EventLogBounds(6, 6), await reopened.GetBoundsAsync());
    }
}
