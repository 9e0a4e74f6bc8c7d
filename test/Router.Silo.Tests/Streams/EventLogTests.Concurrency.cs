using System.Text.Json;
using Router.Abstractions.Events;
using Router.Abstractions.Grains;
using Router.Silo.Streams;

namespace Router.Silo.Tests.Streams;

/// <summary>Concurrent appenders, a tailing reader and consistent snapshots.</summary>
public abstract partial class EventLogTests
{
    [Fact]
    public async Task AppendAsync_EightConcurrentAppenders_ProduceAGapFreeSequenceWithEveryEventOnce()
    {
        const int Appenders = 8;
        const int Batches = 25;
        var total = Appenders * Enumerable.Range(0, Batches).Sum(b => b % 3 + 1);
        using var guard = new CancellationTokenSource(HangGuard);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tail = Task.Run(() => TailAsync(Log, total, guard.Token));
        var appenders = Enumerable.Range(0, Appenders).Select(a => Task.Run(async () =>
        {
            await start.Task;
            var appended = new List<(long First, int Count, int Appender, int Batch)>();
            for (var b = 0; b < Batches; b++)
            {
                var count = b % 3 + 1;
                var drafts = Enumerable.Range(0, count)
                    .Select(i => new EventDraft("test.appended", $"a{a}", $"b{b}", $"i{i}", T0, Json("{}")))
                    .ToArray();
                appended.Add((await Log.AppendAsync(drafts), count, a, b));
            }

            return appended;
        })).ToArray();
        start.SetResult();

        var batches = (await Task.WhenAll(appenders).WaitAsync(HangGuard)).SelectMany(a => a).ToList();

        var events = await ReadAllAsync(Log);
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(total, events.Select(e => (e.McpId, e.InstanceId, e.Version)).Distinct().Count());
        foreach (var batch in batches)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var e = events[(int)(batch.First - 1) + i];
                Assert.Equal(($"a{batch.Appender}", $"b{batch.Batch}", $"i{i}"), (e.McpId, e.InstanceId, e.Version));
            }
        }

        Assert.Equal(total, await tail.WaitAsync(HangGuard));
        Assert.Equal(new EventLogBounds(1, total), await Log.GetBoundsAsync());
    }

    [Fact]
    public async Task ReadStatesAsync_WhileWritersWriteStateWithEvents_StatesMatchTheEventsUpToTheSnapshotSequence()
    {
        const int Writers = 3;
        const int WritesPerWriter = 40;
        const int GrainsPerWriter = 2;
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var etags = new Dictionary<string, string>();
            for (var value = 1; value <= WritesPerWriter; value++)
            {
                var key = $"w{w}-g{value % GrainsPerWriter}";
                etags.TryGetValue(key, out var etag);

                // The event records the value the state now holds; some writes carry an unrelated event too, and
                // plain appends interleave, so state writes and sequence numbers do not line up one to one.
                var written = new EventDraft("state.written", key, null, null, T0, Json($$"""{"key":"{{key}}","value":{{value}}}"""));
                EventDraft[] events = value % 4 == 0 ? [Draft(value), written] : [written];
                var result = await Storage.WriteWithEventsAsync(new GrainId(GrainType, key), StateName, Json($$"""{"value":{{value}}}"""), etag, events);
                etags[key] = result.Etag;
                if (value % 5 == 0)
                {
                    await Log.AppendAsync([Draft(value)]);
                }
            }
        })).ToArray();
        var allWritten = Task.WhenAll(writers);

        var snapshots = 0;
        do
        {
            await AssertSnapshotMatchesEventsAsync(await Log.ReadStatesAsync(GrainType, StateName));
            snapshots++;
        }
        while (!allWritten.IsCompleted);

        await allWritten.WaitAsync(HangGuard);
        var final = await Log.ReadStatesAsync(GrainType, StateName);
        await AssertSnapshotMatchesEventsAsync(final);
        Assert.Equal(Writers * GrainsPerWriter, final.States.Count);
        Assert.All(final.States, s => Assert.True(Value(s.Payload) > WritesPerWriter - GrainsPerWriter));
        Assert.True(snapshots >= 1);
    }

    /// <summary>Replays the events up to the snapshot's sequence and checks they imply exactly its states.</summary>
    private async Task AssertSnapshotMatchesEventsAsync(StateSnapshot snapshot)
    {
        var implied = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in await ReadAllAsync(Log))
        {
            if (e.Sequence > snapshot.Sequence)
            {
                break;
            }

            if (e.Type == "state.written")
            {
                implied[e.McpId] = Value(e.Data);
            }
        }

        var actual = new SortedDictionary<string, int>(snapshot.States.ToDictionary(s => s.GrainKey, s => Value(s.Payload)), StringComparer.Ordinal);
        Assert.Equal(implied, actual);
    }

    private static int Value(byte[] json) => JsonDocument.Parse(json).RootElement.GetProperty("value").GetInt32();

    /// <summary>
    /// Follows the log as a subscriber does (read, and wait when caught up) until <paramref name="total"/> events were
    /// seen, checking that every page continues exactly where the previous one ended: no gap is ever visible.
    /// </summary>
    private static async Task<long> TailAsync(IEventLog log, long total, CancellationToken cancellationToken)
    {
        var cursor = 0L;
        while (cursor < total)
        {
            var page = await log.ReadAsync(cursor, 50, cancellationToken);
            if (page.Count == 0)
            {
                await log.WaitForAppendAsync(cursor, cancellationToken);
                continue;
            }

            foreach (var e in page)
            {
                Assert.Equal(cursor + 1, e.Sequence);
                cursor = e.Sequence;
            }
        }

        return cursor;
    }
}
