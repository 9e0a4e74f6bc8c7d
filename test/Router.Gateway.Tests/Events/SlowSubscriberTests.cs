using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Router.Gateway.Diagnostics;
using Router.Gateway.Events;
using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Events;

public sealed class SlowSubscriberTests
{
    private const int MaxSubscriberLag = 4;

    /// <summary>Enough large events to fill any loopback socket's buffers many times over.</summary>
    private const int MaxLargeEvents = 80;

    /// <summary>
    /// A subscriber that stops reading blocks in its own write once the socket buffers are full; it is never given more
    /// than it takes. The test only moves on when the reading subscriber has received each event, so the reader's lag
    /// stays at most 1 while the stalled one's grows by one per event, until the feed cuts it at the lag limit. The
    /// stalled subscriber then reads what reached it and resumes with its last id: between the two sessions it sees
    /// every event exactly as the reader did.
    /// </summary>
    [Fact]
    public async Task Feed_SubscriberThatStopsReading_IsCutWhileTheReaderGetsEverythingAndItResumesWithoutGaps()
    {
        var logs = new LogRecorder();
        await using var node = await TestNode.StartAsync(
            logs,
            "Router:Storage:Provider=memory",
            $"Router:Events:MaxSubscriberLag={MaxSubscriberLag}",
            "Router:Events:SubscriberWriteTimeout=00:10:00");
        var feed = node.App.Services.GetRequiredService<EventFeed>();
        using var stalledClient = new HttpClient { BaseAddress = node.BaseAddress };
        using var reader = await EventSubscriber.OpenAsync(node.Client);
        var stalled = await EventSubscriber.OpenAsync(stalledClient);
        var received = new List<long>();

        for (var i = 0; i < MaxLargeEvents && !logs.Entries.Any(e => e.EventId == GatewayEventIds.SubscriberCutForLag); i++)
        {
            using var response = await node.Client.RegisterAsync($"large-{i}", LargeRegistration());
            Assert.True(response.IsSuccessStatusCode, $"registration {i} answered {(int)response.StatusCode}");
            received.Add((await reader.NextAsync()).Sequence);
        }

        await logs.WaitForAsync(GatewayEventIds.SubscriberCutForLag);
        for (var i = 0; i < 3; i++)
        {
            await node.Client.RegisterOkAsync($"small-{i}");
            received.Add((await reader.NextAsync()).Sequence);
        }

        var head = received[^1];
        Assert.Equal(Enumerable.Range(1, (int)head).Select(s => (long)s), received);

        var firstSession = (await stalled.ReadToEndAsync()).Select(f => f.Sequence).ToList();
        stalled.Dispose();
        using var resumed = await EventSubscriber.OpenAsync(stalledClient, lastEventId: (firstSession.Count > 0 ? firstSession[^1] : 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var secondSession = new List<long>();
        while (secondSession.Count == 0 || secondSession[^1] < head)
        {
            secondSession.Add((await resumed.NextAsync()).Sequence);
        }

        Assert.True(head - firstSession.Count > MaxSubscriberLag, $"the stalled subscriber received {firstSession.Count} of {head} events before the cut");
        Assert.Equal(received, firstSession.Concat(secondSession));
        await node.Client.RegisterOkAsync("after");
        Assert.Equal(head + 1, (await reader.NextAsync()).Sequence);
        Assert.Equal(head + 1, (await resumed.NextAsync()).Sequence);
        Assert.Equal(2, feed.SubscriberCount);
    }

    /// <summary>A registration of about 800 KB: its event is as large, so a few fill the socket buffers.</summary>
    private static JsonObject LargeRegistration()
    {
        var body = RegistryCalls.Registration();
        body["tools"] = new JsonArray([.. Enumerable.Range(0, 190).Select(i => (JsonNode)new JsonObject
        {
            ["name"] = $"tool-{i}",
            ["description"] = new string((char)('a' + (i % 26)), 4096),
        })]);
        return body;
    }
}
