using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Events;

public sealed class EventFeedTests
{
    [Fact]
    public async Task Feed_WithoutCursor_StartsAfterTheCurrentHead()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");
        await node.Client.RegisterOkAsync("before");
        using var feed = await EventSubscriber.OpenAsync(node.Client);

        await node.Client.RegisterOkAsync("after");

        var first = await feed.NextAsync();
        Assert.Equal(("instance.registered", "after", 2L), (first.Event, first.McpId, first.Sequence));
    }

    [Fact]
    public async Task Feed_Events_ArriveInSequenceOrderWithTheDocumentedShape()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");
        using var feed = await EventSubscriber.OpenAsync(node.Client);

        await node.Client.RegisterOkAsync("weather", "a");
        await node.Client.RegisterOkAsync("news", "b");
        await node.Client.HeartbeatAsync("weather", "a");
        await node.Client.DrainAsync("news", "b");

        var events = await feed.TakeAsync(4);
        Assert.Equal([1L, 2L, 3L, 4L], events.Select(e => e.Sequence));
        Assert.Equal(["instance.registered", "instance.registered", "instance.healthy", "instance.draining"], events.Select(e => e.Event));
        var json = events[0].Json;
        Assert.Equal(1, json.GetProperty("sequence").GetInt64());
        Assert.Equal("instance.registered", json.GetProperty("type").GetString());
        Assert.True(json.GetProperty("time").TryGetDateTimeOffset(out _));
        Assert.Equal("weather", json.GetProperty("mcpId").GetString());
        Assert.Equal("a", json.GetProperty("instanceId").GetString());
        Assert.Equal("1.0.0", json.GetProperty("version").GetString());
        Assert.Equal("a", json.GetProperty("data").GetProperty("instanceId").GetString());
        Assert.Equal("registered", json.GetProperty("data").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Feed_ResumedWithLastEventId_SendsOnlyTheLaterEvents()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");
        await ProduceFiveEventsAsync(node.Client);

        using var feed = await EventSubscriber.OpenAsync(node.Client, lastEventId: "2");

        Assert.Equal([3L, 4L, 5L], (await feed.TakeAsync(3)).Select(e => e.Sequence));
        await node.Client.RegisterOkAsync("sentinel");
        Assert.Equal(6, (await feed.NextAsync()).Sequence);
    }

    [Fact]
    public async Task Feed_ResumedWithAfterQuery_SendsOnlyTheLaterEvents()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");
        await ProduceFiveEventsAsync(node.Client);

        using var feed = await EventSubscriber.OpenAsync(node.Client, "/v1/events?after=4");

        Assert.Equal(5, (await feed.NextAsync()).Sequence);
    }

    [Fact]
    public async Task Feed_WithLastEventIdAndAfter_LastEventIdWins()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");
        await ProduceFiveEventsAsync(node.Client);

        using var feed = await EventSubscriber.OpenAsync(node.Client, "/v1/events?after=1", lastEventId: "3");

        Assert.Equal(4, (await feed.NextAsync()).Sequence);
    }

    [Fact]
    public async Task Feed_FilteredByMcpIdAndTypes_SendsOnlyMatchingEvents()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");
        await node.Client.RegisterOkAsync("weather", "a");
        await node.Client.RegisterOkAsync("news", "b");
        await node.Client.RegisterOkAsync("sports", "c");
        await node.Client.DrainAsync("weather", "a");
        await node.Client.DrainAsync("sports", "c");
        await node.Client.DrainAsync("news", "b");

        using var byServer = await EventSubscriber.OpenAsync(node.Client, "/v1/events?after=0&mcpId=weather,news");
        using var byType = await EventSubscriber.OpenAsync(node.Client, "/v1/events?after=0&types=instance.draining&mcpId=sports&mcpId=news");

        Assert.Equal([("weather", 1L), ("news", 2L), ("weather", 4L), ("news", 6L)], (await byServer.TakeAsync(4)).Select(e => (e.McpId, e.Sequence)));
        Assert.Equal([("sports", 5L), ("news", 6L)], (await byType.TakeAsync(2)).Select(e => (e.McpId, e.Sequence)));
        await node.Client.DeregisterAsync("news", "b");
        var last = await byServer.NextAsync();
        Assert.Equal(("news", "instance.deregistered", 7L), (last.McpId, last.Event, last.Sequence));
    }

    [Theory]
    [InlineData("/v1/events?after=-1", null, "after")]
    [InlineData("/v1/events?after=abc", null, "after")]
    [InlineData("/v1/events", "x", "Last-Event-ID")]
    [InlineData("/v1/events?mcpId=Weather", null, "mcpId")]
    [InlineData("/v1/events?types=INSTANCE", null, "types")]
    [InlineData("/v1/events?types=,", null, "types")]
    public async Task Feed_WithInvalidCursorOrFilter_Answers400NamingIt(string path, string? lastEventId, string field)
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await node.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        await Problems.AssertValidationProblemAsync(response, field);
    }

    [Fact]
    public async Task Snapshot_ThenTailAfterItsSequence_GivesExactlyTheLaterEvents()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");
        await node.Client.RegisterOkAsync("weather", "a");
        await node.Client.RegisterOkAsync("news", "b");
        await node.Client.DeregisterAsync("news", "b");

        var snapshot = await node.Client.GetFromJsonAsync<JsonElement>("/v1/events/snapshot");
        await node.Client.RegisterOkAsync("sports", "c");
        await node.Client.DrainAsync("weather", "a");
        var sequence = snapshot.GetProperty("sequence").GetInt64();
        using var feed = await EventSubscriber.OpenAsync(node.Client, $"/v1/events?after={sequence}");
        await node.Client.RegisterOkAsync("sentinel");

        Assert.Equal(3, sequence);
        var server = Assert.Single(snapshot.GetProperty("servers").EnumerateArray());
        Assert.Equal("weather", server.GetProperty("mcpId").GetString());
        Assert.Equal("a", server.GetProperty("instances")[0].GetProperty("instanceId").GetString());
        var tail = await feed.TakeAsync(3);
        Assert.Equal([(4L, "sports", "instance.registered"), (5L, "weather", "instance.draining"), (6L, "sentinel", "instance.registered")], tail.Select(e => (e.Sequence, e.McpId!, e.Event)));
    }

    [Fact]
    public async Task Feed_WhenIdle_SendsKeepAliveComments()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory", "Router:Events:KeepAliveSeconds=1");
        using var feed = await EventSubscriber.OpenAsync(node.Client);

        var frame = await feed.NextOrEndAsync(includeComments: true);

        Assert.Equal("keep-alive", frame?.Comment);
    }

    [Fact]
    public async Task Feed_WithCursorBeyondTheLog_ResetsWithASnapshot()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");
        await node.Client.RegisterOkAsync("weather");

        using var feed = await EventSubscriber.OpenAsync(node.Client, lastEventId: "99");

        var reset = await feed.NextAsync();
        Assert.Equal("reset", reset.Event);
        Assert.Equal("cursor-unknown", reset.Json.GetProperty("reason").GetString());
        var snapshot = await feed.NextAsync();
        Assert.Equal(("snapshot", 1L), (snapshot.Event, snapshot.Sequence));
        Assert.Equal("weather", snapshot.Json.GetProperty("servers")[0].GetProperty("mcpId").GetString());
        await node.Client.RegisterOkAsync("next");
        Assert.Equal(2, (await feed.NextAsync()).Sequence);
    }

    [Fact]
    public async Task Feed_ManySubscribers_EachReceiveEveryEventInOrder()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");
        var subscribers = new List<EventSubscriber>();
        try
        {
            for (var i = 0; i < 50; i++)
            {
                subscribers.Add(await EventSubscriber.OpenAsync(node.Client));
            }

            for (var i = 0; i < 20; i++)
            {
                await node.Client.RegisterOkAsync($"server-{i}");
            }

            var received = await Task.WhenAll(subscribers.Select(async s => (await s.TakeAsync(20)).Select(e => e.Sequence).ToList()));
            Assert.All(received, sequences => Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), sequences));
        }
        finally
        {
            subscribers.ForEach(s => s.Dispose());
        }
    }

    private static async Task ProduceFiveEventsAsync(HttpClient client)
    {
        await client.RegisterOkAsync("weather", "a");
        await client.RegisterOkAsync("weather", "b");
        await client.HeartbeatAsync("weather", "a");
        await client.DrainAsync("weather", "b");
        await client.DeregisterAsync("weather", "b");
        Assert.Equal(5, await client.HeadAsync());
    }
}
