using System.Text;
using Router.Abstractions.Grains;
using Router.Abstractions.Persistence;
using Router.Silo.Storage;

namespace Router.Silo.Tests.Storage;

/// <summary>
/// The contract every <see cref="IGrainStorage"/> provider honours. Each concrete subclass supplies a fresh store
/// per test (a file, a database) and storage instances over it.
/// </summary>
public abstract class GrainStorageTests : IAsyncLifetime
{
    private const string StateName = "state";
    private static readonly GrainId Grain = new("counter", "alpha");
    private readonly List<IGrainStorage> _instances = [];

    /// <summary>The initialized storage most tests use.</summary>
    protected IGrainStorage Storage { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await CreateStoreAsync();
        Storage = await CreateInitializedStorageAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances.Distinct().ToList())
        {
            await DisposeStorageAsync(instance);
        }

        await DeleteStoreAsync();
    }

    /// <summary>Creates a storage instance (not yet initialized) over this test's store; every call shares the store.</summary>
    protected abstract IGrainStorage CreateStorage();

    /// <summary>Creates the store this test's instances share.</summary>
    protected virtual Task CreateStoreAsync() => Task.CompletedTask;

    /// <summary>Deletes the store after every instance is disposed.</summary>
    protected virtual Task DeleteStoreAsync() => Task.CompletedTask;

    protected IGrainStorage NewStorage()
    {
        var storage = CreateStorage();
        _instances.Add(storage);
        return storage;
    }

    protected async Task<IGrainStorage> CreateInitializedStorageAsync()
    {
        var storage = NewStorage();
        await storage.InitializeAsync();
        return storage;
    }

    protected async Task DisposeStorageAsync(IGrainStorage storage)
    {
        _instances.RemoveAll(s => ReferenceEquals(s, storage));
        switch (storage)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    protected static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task ReadAsync_NoRecord_ReturnsNull()
    {
        Assert.Null(await Storage.ReadAsync(Grain, StateName));
    }

    [Fact]
    public async Task WriteAsync_NewRecord_IsReadBackWithItsEtag()
    {
        var etag = await Storage.WriteAsync(Grain, StateName, Json("""{"count":1}"""), expectedEtag: null);

        var record = await Storage.ReadAsync(Grain, StateName);

        Assert.NotNull(record);
        Assert.Equal(Json("""{"count":1}"""), record.Payload);
        Assert.Equal(etag, record.Etag);
    }

    [Fact]
    public async Task WriteAsync_EmptyPayload_RoundTrips()
    {
        var etag = await Storage.WriteAsync(Grain, StateName, ReadOnlyMemory<byte>.Empty, expectedEtag: null);

        var record = await Storage.ReadAsync(Grain, StateName);

        Assert.NotNull(record);
        Assert.Empty(record.Payload);
        Assert.Equal(etag, record.Etag);
    }

    [Fact]
    public async Task WriteAsync_CurrentEtag_UpdatesRecordAndIssuesNewEtag()
    {
        var first = await Storage.WriteAsync(Grain, StateName, Json("""{"count":1}"""), expectedEtag: null);

        var second = await Storage.WriteAsync(Grain, StateName, Json("""{"count":2}"""), first);
        var third = await Storage.WriteAsync(Grain, StateName, Json("""{"count":3}"""), second);

        var record = await Storage.ReadAsync(Grain, StateName);
        Assert.NotNull(record);
        Assert.Equal(Json("""{"count":3}"""), record.Payload);
        Assert.Equal(third, record.Etag);
        Assert.Equal(3, new HashSet<string> { first, second, third }.Count);
    }

    [Fact]
    public async Task WriteAsync_StaleEtag_ThrowsAndLeavesRecordUnchanged()
    {
        var stale = await Storage.WriteAsync(Grain, StateName, Json("""{"count":1}"""), expectedEtag: null);
        var current = await Storage.WriteAsync(Grain, StateName, Json("""{"count":2}"""), stale);

        var exception = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteAsync(Grain, StateName, Json("""{"count":99}"""), stale));

        Assert.Equal(current, exception.StoredEtag);
        Assert.Equal(stale, exception.CurrentEtag);
        Assert.Contains(Grain.ToString(), exception.Message, StringComparison.Ordinal);
        Assert.Contains(StateName, exception.Message, StringComparison.Ordinal);
        var record = await Storage.ReadAsync(Grain, StateName);
        Assert.NotNull(record);
        Assert.Equal(Json("""{"count":2}"""), record.Payload);
        Assert.Equal(current, record.Etag);
    }

    [Fact]
    public async Task WriteAsync_NullEtagWhenRecordExists_ThrowsAndLeavesRecordUnchanged()
    {
        var current = await Storage.WriteAsync(Grain, StateName, Json("""{"count":1}"""), expectedEtag: null);

        var exception = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteAsync(Grain, StateName, Json("""{"count":99}"""), expectedEtag: null));

        Assert.Equal(current, exception.StoredEtag);
        Assert.Null(exception.CurrentEtag);
        var record = await Storage.ReadAsync(Grain, StateName);
        Assert.NotNull(record);
        Assert.Equal(Json("""{"count":1}"""), record.Payload);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("not-an-etag")]
    public async Task WriteAsync_EtagWhenNoRecord_ThrowsWithNoStoredEtag(string etag)
    {
        var exception = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteAsync(Grain, StateName, Json("{}"), etag));

        Assert.Null(exception.StoredEtag);
        Assert.Equal(etag, exception.CurrentEtag);
        Assert.Null(await Storage.ReadAsync(Grain, StateName));
    }

    [Fact]
    public async Task WriteAsync_ForeignEtag_Throws()
    {
        await Storage.WriteAsync(Grain, StateName, Json("{}"), expectedEtag: null);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteAsync(Grain, StateName, Json("{}"), "W/\"not-ours\""));
    }

    [Fact]
    public async Task WriteAsync_EtagFromBeforeClearAndReinsert_Throws()
    {
        var beforeClear = await Storage.WriteAsync(Grain, StateName, Json("""{"generation":1}"""), expectedEtag: null);
        await Storage.ClearAsync(Grain, StateName, beforeClear);
        var reinserted = await Storage.WriteAsync(Grain, StateName, Json("""{"generation":2}"""), expectedEtag: null);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteAsync(Grain, StateName, Json("""{"stale":true}"""), beforeClear));

        var record = await Storage.ReadAsync(Grain, StateName);
        Assert.NotNull(record);
        Assert.Equal(reinserted, record.Etag);
        Assert.Equal(Json("""{"generation":2}"""), record.Payload);
    }

    [Fact]
    public async Task ClearAsync_MatchingEtag_DeletesRecord()
    {
        var etag = await Storage.WriteAsync(Grain, StateName, Json("{}"), expectedEtag: null);

        await Storage.ClearAsync(Grain, StateName, etag);

        Assert.Null(await Storage.ReadAsync(Grain, StateName));
        var again = await Storage.WriteAsync(Grain, StateName, Json("""{"again":true}"""), expectedEtag: null);
        Assert.Equal(again, (await Storage.ReadAsync(Grain, StateName))?.Etag);
    }

    [Fact]
    public async Task ClearAsync_StaleEtag_ThrowsAndKeepsRecord()
    {
        var stale = await Storage.WriteAsync(Grain, StateName, Json("""{"count":1}"""), expectedEtag: null);
        var current = await Storage.WriteAsync(Grain, StateName, Json("""{"count":2}"""), stale);

        var exception = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearAsync(Grain, StateName, stale));

        Assert.Equal(current, exception.StoredEtag);
        Assert.Equal(stale, exception.CurrentEtag);
        Assert.Contains(Grain.ToString(), exception.Message, StringComparison.Ordinal);
        Assert.Equal(current, (await Storage.ReadAsync(Grain, StateName))?.Etag);
    }

    [Fact]
    public async Task ClearAsync_NullEtagAndNoRecord_DoesNothing()
    {
        await Storage.ClearAsync(Grain, StateName, expectedEtag: null);

        Assert.Null(await Storage.ReadAsync(Grain, StateName));
    }

    [Fact]
    public async Task ClearAsync_NullEtagWhenRecordExists_ThrowsAndKeepsRecord()
    {
        var current = await Storage.WriteAsync(Grain, StateName, Json("{}"), expectedEtag: null);

        var exception = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearAsync(Grain, StateName, expectedEtag: null));

        Assert.Equal(current, exception.StoredEtag);
        Assert.Null(exception.CurrentEtag);
        Assert.Equal(current, (await Storage.ReadAsync(Grain, StateName))?.Etag);
    }

    [Fact]
    public async Task ClearAsync_EtagWhenNoRecord_Throws()
    {
        var exception = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearAsync(Grain, StateName, "7"));

        Assert.Null(exception.StoredEtag);
        Assert.Equal("7", exception.CurrentEtag);
    }

    [Fact]
    public async Task WriteAsync_SixteenConcurrentWritersWithSameEtag_ExactlyOneWins()
    {
        var etag = await Storage.WriteAsync(Grain, StateName, Json("""{"writer":-1}"""), expectedEtag: null);

        var results = await RaceAsync(16, writer => Storage.WriteAsync(Grain, StateName, Json($$"""{"writer":{{writer}}}"""), etag));

        await AssertSingleWinnerAsync(results);
    }

    [Fact]
    public async Task WriteAsync_SixteenConcurrentInserts_ExactlyOneWins()
    {
        var results = await RaceAsync(16, writer => Storage.WriteAsync(Grain, StateName, Json($$"""{"writer":{{writer}}}"""), expectedEtag: null));

        await AssertSingleWinnerAsync(results);
    }

    [Fact]
    public async Task WriteAsync_ConcurrentWritersOnSeveralInstances_ExactlyOneWins()
    {
        var instances = new[] { Storage, await CreateInitializedStorageAsync(), await CreateInitializedStorageAsync(), await CreateInitializedStorageAsync() };
        var etag = await Storage.WriteAsync(Grain, StateName, Json("""{"writer":-1}"""), expectedEtag: null);

        var results = await RaceAsync(16, writer => instances[writer % instances.Length].WriteAsync(Grain, StateName, Json($$"""{"writer":{{writer}}}"""), etag));

        await AssertSingleWinnerAsync(results);
    }

    [Fact]
    public async Task WriteAsync_RecordsDifferingInTypeKeyOrStateName_AreIndependent()
    {
        var ids = new (GrainId Grain, string State)[]
        {
            (new GrainId("counter", "alpha"), "state"),
            (new GrainId("counter", "beta"), "state"),
            (new GrainId("ledger", "alpha"), "state"),
            (new GrainId("counter", "alpha"), "history"),

            // Ids whose "type/key" text is the same must still be distinct records.
            (new GrainId("a", "b/c"), "state"),
            (new GrainId("a/b", "c"), "state"),
            (new GrainId("counter", string.Empty), "state"),
        };

        var etags = new List<string>();
        foreach (var (grain, state) in ids)
        {
            Assert.Null(await Storage.ReadAsync(grain, state));
            etags.Add(await Storage.WriteAsync(grain, state, Json($$"""{"id":"{{grain}}|{{state}}"}"""), expectedEtag: null));
        }

        await Storage.ClearAsync(ids[0].Grain, ids[0].State, etags[0]);

        Assert.Null(await Storage.ReadAsync(ids[0].Grain, ids[0].State));
        for (var i = 1; i < ids.Length; i++)
        {
            var record = await Storage.ReadAsync(ids[i].Grain, ids[i].State);
            Assert.NotNull(record);
            Assert.Equal(Json($$"""{"id":"{{ids[i].Grain}}|{{ids[i].State}}"}"""), record.Payload);
            Assert.Equal(etags[i], record.Etag);
        }
    }

    [Fact]
    public async Task ReadAsync_CallerMutatesPayloads_StoredRecordUnchanged()
    {
        var written = Json("""{"count":1}""");
        await Storage.WriteAsync(Grain, StateName, written, expectedEtag: null);
        written[0] = (byte)'X';

        var first = await Storage.ReadAsync(Grain, StateName);
        Assert.NotNull(first);
        first.Payload[0] = (byte)'Y';

        var second = await Storage.ReadAsync(Grain, StateName);
        Assert.NotNull(second);
        Assert.Equal(Json("""{"count":1}"""), second.Payload);
    }

    [Fact]
    public async Task InitializeAsync_CalledAgain_KeepsData()
    {
        var etag = await Storage.WriteAsync(Grain, StateName, Json("{}"), expectedEtag: null);

        await Storage.InitializeAsync();
        await Storage.InitializeAsync();

        Assert.Equal(etag, (await Storage.ReadAsync(Grain, StateName))?.Etag);
    }

    [Fact]
    public async Task InitializeAsync_SeveralInstancesAtOnce_AllSucceedOnOneStore()
    {
        var instances = Enumerable.Range(0, 6).Select(_ => NewStorage()).ToList();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await Task.WhenAll(instances.Select(instance => Task.Run(async () =>
        {
            await start.Task;
            await instance.InitializeAsync();
        })).Append(Task.Run(start.SetResult)));

        var etag = await instances[0].WriteAsync(Grain, StateName, Json("""{"shared":true}"""), expectedEtag: null);
        foreach (var instance in instances)
        {
            Assert.Equal(etag, (await instance.ReadAsync(Grain, StateName))?.Etag);
        }
    }

    [Fact]
    public async Task CheckHealthAsync_StoreReachable_Succeeds()
    {
        await Storage.CheckHealthAsync();
    }

    [Fact]
    public async Task ReadAsync_NewInstanceOnSameStore_SeesDataWrittenBefore()
    {
        var etag = await Storage.WriteAsync(Grain, StateName, Json("""{"durable":true}"""), expectedEtag: null);
        await DisposeStorageAsync(Storage);

        var reopened = await CreateInitializedStorageAsync();

        var record = await reopened.ReadAsync(Grain, StateName);
        Assert.NotNull(record);
        Assert.Equal(Json("""{"durable":true}"""), record.Payload);
        Assert.Equal(etag, record.Etag);
        Assert.NotNull(await reopened.WriteAsync(Grain, StateName, Json("""{"durable":2}"""), etag));
    }

    private static async Task<(int Writer, string? Etag)[]> RaceAsync(int writers, Func<int, Task<string>> write)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                return (writer, (string?)await write(writer));
            }
            catch (InconsistentStateException)
            {
                return (writer, null);
            }
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(attempts);
    }

    private async Task AssertSingleWinnerAsync((int Writer, string? Etag)[] results)
    {
        var winner = Assert.Single(results, r => r.Etag is not null);
        var record = await Storage.ReadAsync(Grain, StateName);
        Assert.NotNull(record);
        Assert.Equal(winner.Etag, record.Etag);
        Assert.Equal(Json($$"""{"writer":{{winner.Writer}}}"""), record.Payload);
    }
}
