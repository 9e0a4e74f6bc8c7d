using Microsoft.Extensions.DependencyInjection;
using Router.Gateway.Hosting;
using Router.Gateway.Tests.Infrastructure;
using Router.Silo.Streams;

namespace Router.Gateway.Tests.Events;

public sealed class EventRetentionTests
{
    [Fact]
    public async Task Feed_WithCursorOlderThanRetention_GetsResetThenSnapshotThenTheTail()
    {
        await using var node = await TestNode.StartAsync(
            "Router:Storage:Provider=memory", "Router:Events:MaxEvents=2", "Router:Events:TrimInterval=00:00:00.050");
        await node.Client.RegisterOkAsync("weather", "a");
        await node.Client.RegisterOkAsync("news", "b");
        await node.Client.RegisterOkAsync("sports", "c");
        await node.Client.DrainAsync("weather", "a");
        await node.Client.DeregisterAsync("news", "b");
        var log = node.App.Services.GetRequiredKeyedService<IEventLog>(RouterStorageSiloBuilderExtensions.StorageName);
        await Bounded.UntilAsync(async () => (await log.GetBoundsAsync()).FirstRetained == 4, "the trimmer to keep the newest 2 events");

        using var feed = await EventSubscriber.OpenAsync(node.Client, lastEventId: "1");

        var reset = await feed.NextAsync();
        Assert.Equal("reset", reset.Event);
        Assert.Null(reset.Id);
        Assert.Equal("cursor-expired", reset.Json.GetProperty("reason").GetString());
        Assert.Equal(4, reset.Json.GetProperty("oldestSequence").GetInt64());
        var snapshot = await feed.NextAsync();
        Assert.Equal(("snapshot", 5L), (snapshot.Event, snapshot.Sequence));
        Assert.Equal(5, snapshot.Json.GetProperty("sequence").GetInt64());
        var servers = snapshot.Json.GetProperty("servers").EnumerateArray()
            .Select(s => (s.GetProperty("mcpId").GetString(), s.GetProperty("instances")[0].GetProperty("status").GetString()));
        Assert.Equal([("sports", "registered"), ("weather", "draining")], servers);

        await node.Client.RegisterOkAsync("late", "d");
        var next = await feed.NextAsync();
        Assert.Equal((6L, "late", "instance.registered"), (next.Sequence, next.McpId, next.Event));
    }

    [Fact]
    public async Task Feed_WithCursorOlderThanTheBufferButRetained_CatchesUpFromTheLogWithoutReset()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory", "Router:Events:FeedBufferSize=16");
        for (var i = 0; i < 40; i++)
        {
            await node.Client.RegisterOkAsync($"server-{i}");
        }

        using var feed = await EventSubscriber.OpenAsync(node.Client, "/v1/events?after=0");
        var caughtUp = await feed.TakeAsync(40);
        await node.Client.RegisterOkAsync("live");

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), caughtUp.Select(e => e.Sequence));
        Assert.All(caughtUp, e => Assert.Equal("instance.registered", e.Event));
        var live = await feed.NextAsync();
        Assert.Equal((41L, "live"), (live.Sequence, live.McpId));
    }
}
