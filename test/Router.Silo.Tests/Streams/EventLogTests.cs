using System.Text;
using System.Text.Json;
using Router.Abstractions.Events;
using Router.Abstractions.Grains;
using Router.Abstractions.Persistence;
using Router.Silo.Storage;
using Router.Silo.Streams;

namespace Router.Silo.Tests.Streams;

/// <summary>
/// The contract every <see cref="IEventLog"/> of a storage provider honours, together with the provider's
/// <see cref="IGrainStorage.WriteWithEventsAsync"/>. Each concrete subclass supplies a fresh store per test and
/// storage instances over it.
/// </summary>
public abstract partial class EventLogTests : IAsyncLifetime
{
    protected const string GrainType = "registry";
    protected const string StateName = "state";
    protected static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Bounds every wait so that a lost wake-up fails the test instead of hanging the run.</summary>
    protected static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private readonly List<IGrainStorage> _instances = [];

    /// <summary>The initialized storage most tests use.</summary>
    protected IGrainStorage Storage { get; private set; } = null!;

    /// <summary>The event log of <see cref="Storage"/>.</summary>
    protected IEventLog Log => (IEventLog)Storage;

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

    protected async Task<IGrainStorage> CreateInitializedStorageAsync()
    {
        var storage = CreateStorage();
        _instances.Add(storage);
        await storage.InitializeAsync();
        return storage;
    }

    protected async Task DisposeStorageAsync(IGrainStorage storage)
    {
        _instances.RemoveAll(s => ReferenceEquals(s, storage));
        switch (storage)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().AsTask().WaitAsync(HangGuard);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    protected static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    protected static EventDraft Draft(int n, DateTimeOffset? time = null, string mcpId = "weather") =>
        new("instance.heartbeat", mcpId, $"i-{n}", "1.0.0", time ?? T0, Json($$"""{"n":{{n}}}"""));

    protected static EventDraft[] Drafts(int count, int start = 0, DateTimeOffset? time = null) =>
        [.. Enumerable.Range(start, count).Select(n => Draft(n, time))];

    protected static int N(LoggedEvent e) => JsonDocument.Parse(e.Data).RootElement.GetProperty("n").GetInt32();

    /// <summary>Reads every event after <paramref name="afterSequence"/> in pages.</summary>
    protected static async Task<List<LoggedEvent>> ReadAllAsync(IEventLog log, long afterSequence = 0)
    {
        var all = new List<LoggedEvent>();
        while (true)
        {
            var page = await log.ReadAsync(afterSequence, 97);
            if (page.Count == 0)
            {
                return all;
            }

            all.AddRange(page);
            afterSequence = page[^1].Sequence;
        }
    }

    [Fact]
    public async Task GetBoundsAsync_EmptyLog_ReturnsZeros()
    {
        Assert.Equal(new EventLogBounds(0, 0), await Log.GetBoundsAsync());
        Assert.Empty(await Log.ReadAsync(0, 10));
    }

    [Fact]
    public async Task AppendAsync_SuccessiveBatches_AssignConsecutiveSequencesFromOne()
    {
        var first = await Log.AppendAsync(Drafts(3));
        var second = await Log.AppendAsync(Drafts(2, start: 3));

        Assert.Equal(1, first);
        Assert.Equal(4, second);
        var events = await ReadAllAsync(Log);
        Assert.Equal([1L, 2, 3, 4, 5], events.Select(e => e.Sequence));
        Assert.Equal([0, 1, 2, 3, 4], events.Select(N));
        Assert.Equal(new EventLogBounds(1, 5), await Log.GetBoundsAsync());
    }

    [Fact]
    public async Task AppendAsync_AllFields_RoundTrip()
    {
        var time = new DateTimeOffset(2026, 3, 4, 5, 6, 7, 890, TimeSpan.FromHours(2));
        var data = Json(" \n {\"endpoint\":\"http://a:1/mcp\",\"tools\":[\"x\"]}");

        await Log.AppendAsync(
        [
            new EventDraft("instance.registered", "weather", "i-1", "2.1.0", time, data),
            new EventDraft("tools.changed", "maps", null, null, time, Json("{}")),
        ]);

        var events = await Log.ReadAsync(0, 10);
        Assert.Equal(2, events.Count);
        var full = events[0];
        Assert.Equal(("instance.registered", "weather", "i-1", "2.1.0"), (full.Type, full.McpId, full.InstanceId, full.Version));
        Assert.Equal(time, full.Time);
        Assert.Equal(TimeSpan.Zero, full.Time.Offset);
        Assert.Equal(data, full.Data);
        Assert.Null(events[1].InstanceId);
        Assert.Null(events[1].Version);
    }

    [Fact]
    public async Task AppendAsync_NoEvents_ReturnsZeroAndAppendsNothing()
    {
        Assert.Equal(0, await Log.AppendAsync([]));

        Assert.Equal(new EventLogBounds(0, 0), await Log.GetBoundsAsync());
    }

    [Fact]
    public async Task ReadAsync_AfterSequence_ReturnsTheRestInOrderUpToMaxCount()
    {
        await Log.AppendAsync(Drafts(10));

        Assert.Equal([4L, 5, 6, 7], (await Log.ReadAsync(3, 4)).Select(e => e.Sequence));
        Assert.Equal([9L, 10], (await Log.ReadAsync(8, 100)).Select(e => e.Sequence));
        Assert.Equal([1L], (await Log.ReadAsync(0, 1)).Select(e => e.Sequence));
        Assert.Empty(await Log.ReadAsync(10, 5));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task ReadAsync_NonPositiveMaxCount_Throws(int maxCount)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Log.ReadAsync(0, maxCount));
    }

    [Theory]
    [InlineData("", "weather", "{}", "Type")]
    [InlineData("instance.registered", "", "{}", "McpId")]
    [InlineData("instance.registered", "weather", "[1]", "Data")]
    [InlineData("instance.registered", "weather", "\"text\"", "Data")]
    [InlineData("instance.registered", "weather", "   ", "Data")]
    [InlineData("instance.registered", "weather", "", "Data")]
    public async Task AppendAsync_InvalidDraft_ThrowsNamingTheFieldAndAppendsNothing(string type, string mcpId, string data, string field)
    {
        var bad = new EventDraft(type, mcpId, null, null, T0, Json(data));

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => Log.AppendAsync([Draft(0), bad]));

        Assert.Equal($"events[1].{field}", exception.ParamName);
        Assert.Equal(new EventLogBounds(0, 0), await Log.GetBoundsAsync());
    }

    [Fact]
    public async Task WriteWithEventsAsync_InvalidDraft_ThrowsAndWritesNothing()
    {
        var grain = new GrainId(GrainType, "weather");

        var exception = await Assert.ThrowsAsync<ArgumentException>(
            () => Storage.WriteWithEventsAsync(grain, StateName, Json("{}"), null, [Draft(0) with { Data = null! }]));

        Assert.Equal("events[0].Data", exception.ParamName);
        Assert.Null(await Storage.ReadAsync(grain, StateName));
        Assert.Equal(new EventLogBounds(0, 0), await Log.GetBoundsAsync());
    }

    [Fact]
    public async Task WriteWithEventsAsync_NewRecord_WritesStateAndAppendsEvents()
    {
        var grain = new GrainId(GrainType, "weather");
        await Log.AppendAsync(Drafts(2));

        var result = await Storage.WriteWithEventsAsync(grain, StateName, Json("""{"v":1}"""), null, Drafts(3, start: 2));

        Assert.Equal(3, result.FirstSequence);
        var record = await Storage.ReadAsync(grain, StateName);
        Assert.NotNull(record);
        Assert.Equal(result.Etag, record.Etag);
        Assert.Equal(Json("""{"v":1}"""), record.Payload);
        Assert.Equal([2, 3, 4], (await Log.ReadAsync(2, 10)).Select(N));
        Assert.Equal(new EventLogBounds(1, 5), await Log.GetBoundsAsync());
    }

    [Fact]
    public async Task WriteWithEventsAsync_NoEvents_WritesStateWithZeroFirstSequence()
    {
        var grain = new GrainId(GrainType, "weather");

        var result = await Storage.WriteWithEventsAsync(grain, StateName, Json("{}"), null, []);
        var etag = await Storage.WriteAsync(grain, StateName, Json("""{"v":2}"""), result.Etag);

        Assert.Equal(0, result.FirstSequence);
        Assert.Equal(etag, (await Storage.ReadAsync(grain, StateName))?.Etag);
        Assert.Equal(new EventLogBounds(0, 0), await Log.GetBoundsAsync());
    }

    [Fact]
    public async Task WriteWithEventsAsync_StaleEtag_ThrowsAndAppendsNothing()
    {
        var grain = new GrainId(GrainType, "weather");
        var stale = (await Storage.WriteWithEventsAsync(grain, StateName, Json("""{"v":1}"""), null, Drafts(1))).Etag;
        var current = (await Storage.WriteWithEventsAsync(grain, StateName, Json("""{"v":2}"""), stale, Drafts(1, start: 1))).Etag;
        var before = await Log.GetBoundsAsync();

        var exception = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteWithEventsAsync(grain, StateName, Json("""{"v":99}"""), stale, Drafts(2, start: 50)));

        Assert.Equal(current, exception.StoredEtag);
        Assert.Equal(new EventLogBounds(1, 2), before);
        Assert.Equal(before, await Log.GetBoundsAsync());
        Assert.Equal([0, 1], (await ReadAllAsync(Log)).Select(N));
        Assert.Equal(Json("""{"v":2}"""), (await Storage.ReadAsync(grain, StateName))?.Payload);
        Assert.Equal(3, await Log.AppendAsync(Drafts(1, start: 2)));
    }

    [Fact]
    public async Task WriteWithEventsAsync_NullEtagWhenRecordExists_ThrowsAndAppendsNothing()
    {
        var grain = new GrainId(GrainType, "weather");
        await Storage.WriteWithEventsAsync(grain, StateName, Json("{}"), null, Drafts(1));

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteWithEventsAsync(grain, StateName, Json("{}"), null, Drafts(1, start: 1)));

        Assert.Equal(new EventLogBounds(1, 1), await Log.GetBoundsAsync());
    }

    [Fact]
    public async Task ReadStatesAsync_MixedRecords_ReturnsThatTypeAndStateNameWithLastSequence()
    {
        var a = await Storage.WriteWithEventsAsync(new GrainId(GrainType, "b-maps"), StateName, Json("""{"k":"b"}"""), null, Drafts(1));
        var b = await Storage.WriteAsync(new GrainId(GrainType, "a-weather"), StateName, Json("""{"k":"a"}"""), null);
        await Storage.WriteAsync(new GrainId(GrainType, "a-weather"), "other", Json("{}"), null);
        await Storage.WriteAsync(new GrainId("counter", "a-weather"), StateName, Json("{}"), null);
        await Log.AppendAsync(Drafts(2, start: 1));

        var snapshot = await Log.ReadStatesAsync(GrainType, StateName);

        Assert.Equal(3, snapshot.Sequence);
        Assert.Equal(["a-weather", "b-maps"], snapshot.States.Select(s => s.GrainKey));
        Assert.Equal(Json("""{"k":"a"}"""), snapshot.States[0].Payload);
        Assert.Equal(b, snapshot.States[0].Etag);
        Assert.Equal(a.Etag, snapshot.States[1].Etag);
    }

    [Fact]
    public async Task ReadStatesAsync_EmptyStore_ReturnsZeroSequenceAndNoStates()
    {
        var snapshot = await Log.ReadStatesAsync(GrainType, StateName);

        Assert.Equal(0, snapshot.Sequence);
        Assert.Empty(snapshot.States);
    }

    [Fact]
    public async Task TrimAsync_ByAge_DeletesTheOlderEvents()
    {
        await Log.AppendAsync([.. Enumerable.Range(0, 5).Select(n => Draft(n, T0.AddMinutes(n)))]);

        var deleted = await Log.TrimAsync(T0.AddMinutes(2), maxEvents: 1000);

        Assert.Equal(2, deleted);
        Assert.Equal(new EventLogBounds(3, 5), await Log.GetBoundsAsync());
        Assert.Equal([2, 3, 4], (await ReadAllAsync(Log)).Select(N));
    }

    [Fact]
    public async Task TrimAsync_ByCount_KeepsTheNewest()
    {
        await Log.AppendAsync(Drafts(10));

        var deleted = await Log.TrimAsync(DateTimeOffset.MinValue, maxEvents: 3);

        Assert.Equal(7, deleted);
        Assert.Equal(new EventLogBounds(8, 10), await Log.GetBoundsAsync());
        Assert.Equal([8L, 9, 10], (await ReadAllAsync(Log)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task TrimAsync_AgeAndCountTogether_DeletesTheUnion()
    {
        await Log.AppendAsync([.. Enumerable.Range(0, 10).Select(n => Draft(n, T0.AddMinutes(n)))]);

        Assert.Equal(4, await Log.TrimAsync(T0.AddMinutes(4), maxEvents: 8));
        Assert.Equal(2, await Log.TrimAsync(T0.AddMinutes(1), maxEvents: 4));

        Assert.Equal(new EventLogBounds(7, 10), await Log.GetBoundsAsync());
    }

    [Fact]
    public async Task TrimAsync_EverythingExpired_KeepsTheLastEvent()
    {
        await Log.AppendAsync(Drafts(4));

        var deleted = await Log.TrimAsync(T0.AddDays(1), maxEvents: 0);
        var again = await Log.TrimAsync(T0.AddDays(1), maxEvents: 0);

        Assert.Equal(3, deleted);
        Assert.Equal(0, again);
        Assert.Equal(new EventLogBounds(4, 4), await Log.GetBoundsAsync());
        Assert.Equal([3], (await Log.ReadAsync(0, 10)).Select(N));
    }

    [Fact]
    public async Task TrimAsync_EmptyLog_DeletesNothing()
    {
        Assert.Equal(0, await Log.TrimAsync(T0.AddDays(1), maxEvents: 0));
    }

    [Fact]
    public async Task TrimAsync_OldEventAfterAYoungOne_DeletesOnlyTheOldPrefix()
    {
        // Times need not follow sequence order; trimming keeps the log gap-free rather than punching holes.
        await Log.AppendAsync([Draft(0, T0), Draft(1, T0.AddHours(2)), Draft(2, T0), Draft(3, T0.AddHours(3))]);

        Assert.Equal(1, await Log.TrimAsync(T0.AddHours(1), maxEvents: 100));

        Assert.Equal([1, 2, 3], (await ReadAllAsync(Log)).Select(N));
    }

    [Fact]
    public async Task TrimAsync_NegativeMaxEvents_Throws()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Log.TrimAsync(T0, -1));
    }

    [Fact]
    public async Task AppendAsync_AfterTrimmingAllButTheLast_ContinuesTheSequence()
    {
        await Log.AppendAsync(Drafts(5));
        await Log.TrimAsync(T0.AddDays(1), maxEvents: 0);

        var next = await Log.AppendAsync(Drafts(1, start: 5));
        var reopened = (IEventLog)await CreateInitializedStorageAsync();
        var afterReopen = await reopened.AppendAsync(Drafts(1, start: 6));

        Assert.Equal(6, next);
        Assert.Equal(7, afterReopen);
        Assert.Equal(new EventLogBounds(5, 7), await reopened.GetBoundsAsync());
    }
}
