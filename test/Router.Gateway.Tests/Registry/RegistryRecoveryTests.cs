using System.Net;
using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Registry;

public sealed class RegistryRecoveryTests
{
    [Fact]
    public async Task Restart_WithPersistedInstanceNobodyCalls_ActivatesItsRegistryWhichExpiresItAfterItsTtl()
    {
        using var data = new TempDirectory();
        var settings = new[] { $"Router:DataDirectory={data.Path}" };
        long head;
        await using (var first = await TestNode.StartAsync(settings))
        {
            await first.Client.RegisterOkAsync("weather", "weather-a", interval: 1);
            head = await first.Client.HeadAsync();
        }

        await using var second = await TestNode.StartAsync(settings);
        using var feed = await EventSubscriber.OpenAsync(second.Client, $"/v1/events?after={head}&mcpId=weather");

        // Nothing calls the weather registry on this node: only recovery can have activated it. It grants the
        // instance one fresh TTL (3 intervals) and then expires it.
        var events = await feed.TakeAsync(2);
        Assert.Equal(["instance.unhealthy", "instance.expired"], events.Select(e => e.Event));
        Assert.All(events, e => Assert.Equal("weather-a", e.InstanceId));
        using var gone = await second.Client.GetAsync("/v1/servers/weather");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Restart_WithPersistedInstances_BecomesReadyAndListsThem()
    {
        using var data = new TempDirectory();
        var settings = new[] { $"Router:DataDirectory={data.Path}" };
        await using (var first = await TestNode.StartAsync(settings))
        {
            await first.Client.RegisterOkAsync("weather", "a");
            await first.Client.RegisterOkAsync("news", "b");
        }

        await using var second = await TestNode.StartAsync(settings);
        using var ready = await second.Client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var servers = (await second.Client.ServersAsync()).EnumerateArray().Select(s => s.GetProperty("mcpId").GetString());
        Assert.Equal(["news", "weather"], servers);
    }
}
