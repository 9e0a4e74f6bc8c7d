using Router.Abstractions.Grains;
using Router.Silo.Streams;

namespace Router.Silo.Tests.Streams;

/// <summary><see cref="IEventLog.WaitForAppendAsync"/> and <see cref="IEventLog.LastKnownSequence"/>.</summary>
public abstract partial class EventLogTests
{
    [Fact]
    public async Task WaitForAppendAsync_AlreadyAppendedHere_CompletesAtOnce()
    {
        await Log.AppendAsync(Drafts(2));

        var wait = Log.WaitForAppendAsync(1);

        Assert.True(wait.IsCompletedSuccessfully);
        await Log.WaitForAppendAsync(0).WaitAsync(HangGuard);
    }

    [Fact]
    public async Task WaitForAppendAsync_AlreadyAppendedThroughAnotherInstance_Completes()
    {
        await Log.AppendAsync(Drafts(3));
        var other = (IEventLog)await CreateInitializedStorageAsync();

        await other.WaitForAppendAsync(2).WaitAsync(HangGuard);
    }

    [Fact]
    public async Task WaitForAppendAsync_LocalAppend_Completes()
    {
        var wait = Log.WaitForAppendAsync(0);
        Assert.False(wait.IsCompleted);

        await Log.AppendAsync(Drafts(1));

        await wait.WaitAsync(HangGuard);
    }

    [Fact]
    public async Task WaitForAppendAsync_StateWriteWithEvents_Completes()
    {
        var wait = Log.WaitForAppendAsync(0);

        await Storage.WriteWithEventsAsync(new GrainId(GrainType, "weather"), StateName, Json("{}"), null, Drafts(1));

        await wait.WaitAsync(HangGuard);
    }

    [Fact]
    public async Task WaitForAppendAsync_AppendNotPastTheCursor_KeepsWaitingUntilOneIs()
    {
        await Log.AppendAsync(Drafts(3));
        var wait = Log.WaitForAppendAsync(4);

        await Log.AppendAsync(Drafts(1));
        Assert.False(wait.IsCompleted);
        await Log.AppendAsync(Drafts(1));

        await wait.WaitAsync(HangGuard);
    }

    [Fact]
    public async Task WaitForAppendAsync_SeveralWaiters_EachWakesWhenItsCursorIsPassed()
    {
        var waits = Enumerable.Range(0, 4).Select(after => Log.WaitForAppendAsync(after)).ToArray();

        await Log.AppendAsync(Drafts(2));
        await Task.WhenAll(waits[0], waits[1]).WaitAsync(HangGuard);
        Assert.False(waits[2].IsCompleted);
        await Log.AppendAsync(Drafts(2));

        await Task.WhenAll(waits).WaitAsync(HangGuard);
    }

    [Fact]
    public async Task WaitForAppendAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        var wait = Log.WaitForAppendAsync(0, cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(HangGuard));
        await Log.AppendAsync(Drafts(1));
    }

    [Fact]
    public async Task WaitForAppendAsync_AlreadyCancelled_ThrowsOperationCanceled()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Log.WaitForAppendAsync(0, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task LastKnownSequence_OwnAppendsAndStateWrites_KnownOnceTheyReturn()
    {
        Assert.Equal(0, Log.LastKnownSequence);

        await Log.AppendAsync(Drafts(2));
        Assert.Equal(2, Log.LastKnownSequence);
        await Storage.WriteWithEventsAsync(new GrainId(GrainType, "weather"), StateName, Json("{}"), null, Drafts(3));

        Assert.Equal(5, Log.LastKnownSequence);
    }

    [Fact]
    public async Task LastKnownSequence_AppendsThroughAnotherInstance_KnownOnceWaitedFor()
    {
        var other = (IEventLog)await CreateInitializedStorageAsync();
        await Log.AppendAsync(Drafts(3));

        await other.WaitForAppendAsync(2).WaitAsync(HangGuard);

        Assert.Equal(3, other.LastKnownSequence);
    }
}
