using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Router.Gateway.Diagnostics;
using Router.Gateway.Hosting;
using Router.Gateway.Tests.Infrastructure;
using Router.Silo.Streams;

namespace Router.Gateway.Tests.Registry;

public sealed class ConnectionLeaseTests
{
    [Fact]
    public async Task Lease_WhenTheServerClosesTheConnection_PublishesDisconnectedAtOnce()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");
        await node.Client.RegisterOkAsync("weather", "weather-a");
        using var feed = await EventSubscriber.OpenAsync(node.Client);

        using (var lease = await EventSubscriber.OpenAsync(node.Client, "/v1/servers/weather/instances/weather-a/lease"))
        {
            var grant = await lease.NextAsync();
            Assert.Equal("lease", grant.Event);
            Assert.Equal("weather-a", grant.Json.GetProperty("instanceId").GetString());
            Assert.Equal(15, grant.Json.GetProperty("keepAliveSeconds").GetInt32());
            Assert.Equal("instance.healthy", (await feed.NextAsync()).Event);
            var instance = (await node.Client.GetFromJsonAsync<JsonElement>("/v1/servers/weather")).GetProperty("instances")[0];
            Assert.Equal("connection", instance.GetProperty("leaseMode").GetString());
            Assert.Equal(JsonValueKind.Null, instance.GetProperty("leaseExpiresAt").ValueKind);
        }

        var disconnected = await feed.NextAsync();
        Assert.Equal("instance.disconnected", disconnected.Event);
        Assert.Equal(("weather", "weather-a"), (disconnected.McpId, disconnected.InstanceId));
        using var gone = await node.Client.GetAsync("/v1/servers/weather");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Lease_ForUnknownInstance_Answers404Problem()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");

        using var response = await node.Client.GetAsync("/v1/servers/weather/instances/nobody/lease", HttpCompletionOption.ResponseHeadersRead);

        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Lease_WhileOpen_SendsKeepAliveComments()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory", "Router:Registry:LeaseKeepAliveSeconds=1");
        await node.Client.RegisterOkAsync("weather");
        using var lease = await EventSubscriber.OpenAsync(node.Client, "/v1/servers/weather/instances/i1/lease");

        Assert.Equal(1, (await lease.NextAsync()).Json.GetProperty("keepAliveSeconds").GetInt32());
        var comment = await lease.NextOrEndAsync(includeComments: true);

        Assert.Equal("keep-alive", comment?.Comment);
    }

    [Fact]
    public async Task Lease_ReplacedByANewLease_ClosingTheOldOneDoesNothing()
    {
        var logs = new LogRecorder();
        await using var node = await TestNode.StartAsync(logs, "Router:Storage:Provider=memory");
        await node.Client.RegisterOkAsync("weather");
        using var feed = await EventSubscriber.OpenAsync(node.Client);
        var first = await EventSubscriber.OpenAsync(node.Client, "/v1/servers/weather/instances/i1/lease");
        await first.NextAsync();
        using var second = await EventSubscriber.OpenAsync(node.Client, "/v1/servers/weather/instances/i1/lease");
        await second.NextAsync();

        first.Dispose();
        await logs.WaitForAsync(GatewayEventIds.LeaseClosed);
        await node.Client.RegisterOkAsync("sentinel");

        var events = await feed.TakeAsync(2);
        Assert.Equal(["instance.healthy", "instance.registered"], events.Select(e => e.Event));
        Assert.Equal("sentinel", events[1].McpId);
        using var still = await node.Client.GetAsync("/v1/servers/weather");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task Lease_WhenTheNodeStops_IsReleasedWithoutDisconnectingTheInstance()
    {
        using var data = new TempDirectory();
        var settings = new[] { $"Router:DataDirectory={data.Path}" };
        var first = await TestNode.StartAsync(settings);
        await first.Client.RegisterOkAsync("weather", "weather-a");
        var lease = await EventSubscriber.OpenAsync(first.Client, "/v1/servers/weather/instances/weather-a/lease");
        await lease.NextAsync();

        var stopping = first.DisposeAsync().AsTask();
        Assert.Null(await lease.NextOrEndAsync());
        await stopping;
        lease.Dispose();

        await using var second = await TestNode.StartAsync(settings);
        var log = second.App.Services.GetRequiredKeyedService<IEventLog>(RouterStorageSiloBuilderExtensions.StorageName);
        var types = (await log.ReadAsync(0, 100)).Select(e => e.Type);
        Assert.Equal(["instance.registered", "instance.healthy"], types);
        var instance = (await second.Client.GetFromJsonAsync<JsonElement>("/v1/servers/weather")).GetProperty("instances")[0];
        Assert.Equal("weather-a", instance.GetProperty("instanceId").GetString());
    }
}
