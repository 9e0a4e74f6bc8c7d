using System.Text.Json;
using Router.Abstractions.Registry;
using Router.Testing;

namespace Router.Grains.Tests.Registry;

public sealed class ConnectionRegistryGrainTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Register_NewInstance_PersistsAndPublishesRegistered()
    {
        await using var silo = await RegistrySilo.StartAsync();
        var registry = silo.Grains.GetGrain<IConnectionRegistryGrain>("weather");

        var result = await registry.RegisterAsync(RegistrySilo.Registration());

        Assert.Equal(new RegistrationResult("i1", 30, 10, Created: true), result);
        var view = Assert.Single((await registry.GetAsync()).Instances);
        Assert.Equal(InstanceStatus.Registered, view.Status);
        Assert.Equal(silo.Time.GetUtcNow() + TimeSpan.FromSeconds(30), view.LeaseExpiresAt);
        var logged = Assert.Single(await silo.EventsAsync());
        Assert.Equal(RegistryEventTypes.InstanceRegistered, logged.Type);
        Assert.Equal(("weather", "i1", "1.0.0"), (logged.McpId, logged.InstanceId, logged.Version));
        Assert.Equal("http://127.0.0.1:9001/mcp", logged.View().Endpoint);
    }

    [Fact]
    public async Task Register_SameInstanceUnchanged_IsIdempotentAndSilent()
    {
        await using var silo = await RegistrySilo.StartAsync();
        var registry = silo.Grains.GetGrain<IConnectionRegistryGrain>("weather");
        await registry.RegisterAsync(RegistrySilo.Registration());

        var again = await registry.RegisterAsync(RegistrySilo.Registration());

        Assert.False(again.Created);
        Assert.Single(await silo.EventsAsync());
        Assert.Single((await registry.GetAsync()).Instances);
    }

    [Fact]
    public async Task Register_SameInstanceWithNewToolsAndEndpoint_PublishesRegisteredAndToolsChanged()
    {
        await using var silo = await RegistrySilo.StartAsync();
        var registry = silo.Grains.GetGrain<IConnectionRegistryGrain>("weather");
        await registry.RegisterAsync(RegistrySilo.Registration(tools: new ToolDescriptor("echo", "Echo", null)));
        var oldHash = (await registry.GetAsync()).Instances[0].ToolsHash;

        using var schema = JsonDocument.Parse("""{"type":"object"}""");
        await registry.RegisterAsync(RegistrySilo.Registration(
            endpoint: "http://127.0.0.1:9002/mcp",
            tools: [new ToolDescriptor("echo", "Echo", null), new ToolDescriptor("add", "Add", schema.RootElement.Clone())]));

        var events = await silo.EventsAsync();
        Assert.Equal(
            [RegistryEventTypes.InstanceRegistered, RegistryEventTypes.InstanceRegistered, RegistryEventTypes.ToolsChanged],
            events.Select(e => e.Type));
        var changed = JsonSerializer.Deserialize(events[2].Data, RegistryJsonContext.Default.ToolsChangedData)!;
        Assert.Equal(oldHash, changed.OldHash);
        Assert.NotEqual(oldHash, changed.NewHash);
        Assert.Equal(["echo", "add"], changed.Tools.Select(t => t.Name));
        Assert.Equal("http://127.0.0.1:9002/mcp", (await registry.GetAsync()).Instances[0].Endpoint);
    }

    [Fact]
    public async Task ToolsHash_SameToolsInOtherOrder_IsEqual()
    {
        await using var silo = await RegistrySilo.StartAsync();
        var a = silo.Grains.GetGrain<IConnectionRegistryGrain>("a");
        var b = silo.Grains.GetGrain<IConnectionRegistryGrain>("b");

        await a.RegisterAsync(RegistrySilo.Registration(tools: [new("x", "X", null), new("y", "Y", null)]));
        await b.RegisterAsync(RegistrySilo.Registration(tools: [new("y", "Y", null), new("x", "X", null)]));

        Assert.Equal((await a.GetAsync()).Instances[0].ToolsHash, (await b.GetAsync()).Instances[0].ToolsHash);
    }

    [Fact]
    public async Task Heartbeat_First_MakesInstanceHealthy_LaterOnesPublishNothing()
    {
        await using var silo = await RegistrySilo.StartAsync();
        var registry = silo.Grains.GetGrain<IConnectionRegistryGrain>("weather");
        await registry.RegisterAsync(RegistrySilo.Registration());

        Assert.True(await registry.HeartbeatAsync("i1", new InstanceLoad(3, 10)));
        Assert.True(await registry.HeartbeatAsync("i1", null));

        Assert.Equal([RegistryEventTypes.InstanceRegistered, RegistryEventTypes.InstanceHealthy], await silo.EventTypesAsync());
        Assert.Equal(InstanceStatus.Healthy, (await registry.GetAsync()).Instances[0].Status);
    }

    [Fact]
    public async Task ReportUnreachable_HeartbeatInstance_UnhealthyAtOnce_ThenHeartbeatRecovers()
    {
        await using var silo = await RegistrySilo.StartAsync();
        var registry = silo.Grains.GetGrain<IConnectionRegistryGrain>("weather");
        await registry.RegisterAsync(RegistrySilo.Registration());

        Assert.True(await registry.ReportUnreachableAsync("i1"));
        Assert.Equal(InstanceStatus.Unhealthy, (await registry.GetAsync()).Instances[0].Status);
        Assert.True(await registry.HeartbeatAsync("i1", null));

        Assert.Equal(InstanceStatus.Healthy, (await registry.GetAsync()).Instances[0].Status);
        Assert.Equal(
            [RegistryEventTypes.InstanceRegistered, RegistryEventTypes.InstanceUnhealthy, RegistryEventTypes.InstanceHealthy],
            await silo.EventTypesAsync());
        Assert.False(await registry.ReportUnreachableAsync("nobody"));
    }

    [Fact]
    public async Task ReportUnreachable_ConnectionLeaseInstance_KeepsItsStatus()
    {
        await using var silo = await RegistrySilo.StartAsync();
        var registry = silo.Grains.GetGrain<IConnectionRegistryGrain>("weather");
        await registry.RegisterAsync(RegistrySilo.Registration());
        Assert.NotNull(await registry.OpenLeaseAsync("i1"));

        Assert.True(await registry.ReportUnreachableAsync("i1"));

        Assert.Equal(InstanceStatus.Healthy, (await registry.GetAsync()).Instances[0].Status);
    }

    [Fact]
    public async Task Heartbeat_UnknownInstance_ReturnsFalse()
    {
        await using var silo = await RegistrySilo.StartAsync();

        Assert.False(await silo.Grains.GetGrain<IConnectionRegistryGrain>("weather").HeartbeatAsync("nobody", null));
    }

    [Fact]
    public async Task MissedHeartbeats_TwoIntervals_Unhealthy_ThenHeartbeatRecovers_ThenThreeIntervalsExpire()
    {
        await using var silo = await RegistrySilo.StartAsync();
        var registry = silo.Grains.GetGrain<IConnectionRegistryGrain>("weather");
        await registry.RegisterAsync(RegistrySilo.Registration());
        await registry.HeartbeatAsync("i1", null);

        silo.Time.Advance((Interval * 2) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(InstanceStatus.Healthy, (await registry.GetAsync()).Instances[0].Status);
        silo.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(InstanceStatus.Unhealthy, (await registry.GetAsync()).Instances[0].Status);

        await registry.HeartbeatAsync("i1", null);
        Assert.Equal(InstanceStatus.Healthy, (await registry.GetAsync()).Instances[0].Status);

        // A lease check runs as a turn of the grain and arms the next one when it ends. Each step ends exactly on
        // the next check's deadline, and a call after each step waits for that check to finish.
        silo.Time.Advance(Interval);
        Assert.Equal(InstanceStatus.Healthy, (await registry.GetAsync()).Instances[0].Status);
        silo.Time.Advance(Interval);
        Assert.Equal(InstanceStatus.Unhealthy, (await registry.GetAsync()).Instances[0].Status);
        silo.Time.Advance(Interval);
        Assert.Empty((await registry.GetAsync()).Instances);
        Assert.Equal(
            [
                RegistryEventTypes.InstanceRegistered, RegistryEventTypes.InstanceHealthy, RegistryEventTypes.InstanceUnhealthy,
                RegistryEventTypes.InstanceHealthy, RegistryEventTypes.InstanceUnhealthy, RegistryEventTypes.InstanceExpired,
            ],
            await silo.EventTypesAsync());
        Assert.False(await registry.HeartbeatAsync("i1", null));
    }

    [Fact]
    public async Task ConnectionLease_WhileOpen_NeverExpires_AndCloseDisconnectsAtOnce()
    {
        await using var silo = await RegistrySilo.StartAsync();
        var registry = silo.Grains.GetGrain<IConnectionRegistryGrain>("weather");
        await registry.RegisterAsync(RegistrySilo.Registration());

        var token = await registry.OpenLeaseAsync("i1");
        Assert.NotNull(token);
        silo.Time.Advance(TimeSpan.FromHours(1));
        var view = Assert.Single((await registry.GetAsync()).Instances);
        Assert.Equal((InstanceStatus.Healthy, LeaseMode.Connection, (DateTimeOffset?)null), (view.Status, view.LeaseMode, view.LeaseExpiresAt));

        await registry.CloseLeaseAsync("i1", token);

        Assert.Empty((await registry.GetAsync()).Instances);
        Assert.Equal(RegistryEventTypes.InstanceDisconnected, (await silo.EventTypesAsync())[^1]);
    }

    [Fact]
    public async Task ConnectionLease_ReplacedByNewLease_OldCloseDoesNothing()
    {
        await using var silo = await RegistrySilo.StartAsync();
        var registry = silo.Grains.GetGrain<IConnectionRegistryGrain>("weather");
        await registry.RegisterAsync(RegistrySilo.Registration());
        var first = await registry.OpenLeaseAsync("i1");
        var second = await registry.OpenLeaseAsync("i1");

        await registry.CloseLeaseAsync("i1", first!);

        Assert.Single((await registry.GetAsync()).Instances);
        await registry.CloseLeaseAsync("i1", second!);
        Assert.Empty((await registry.GetAsync()).Instances);
    }

    [Fact]
    public async Task ConnectionLease_ReleasedByShuttingDownNode_KeepsInstanceForOneTtl()
    {
        await using var silo = await RegistrySilo.StartAsync();
        var registry = silo.Grains.GetGrain<IConnectionRegistryGrain>("weather");
        await registry.RegisterAsync(RegistrySilo.Registration());
        var token = await registry.OpenLeaseAsync("i1");
        silo.Time.Advance(TimeSpan.FromHours(1));

        await registry.ReleaseLeaseAsync("i1", token!);

        var view = Assert.Single((await registry.GetAsync()).Instances);
        Assert.Equal(silo.Time.GetUtcNow() + TimeSpan.FromSeconds(30), view.LeaseExpiresAt);
        Assert.DoesNotContain(RegistryEventTypes.InstanceDisconnected, await silo.EventTypesAsync());
        silo.Time.Advance(Interval * 2);
        Assert.Equal(InstanceStatus.Unhealthy, (await registry.GetAsync()).Instances[0].Status);
        silo.Time.Advance(Interval);
        Assert.Empty((await registry.GetAsync()).Instances);
        Assert.Equal(RegistryEventTypes.InstanceExpired, (await silo.EventTypesAsync())[^1]);
    }

    [Fact]
    public async Task ConnectionLease_UnknownInstance_ReturnsNull()
    {
        await using var silo = await RegistrySilo.StartAsync();

        Assert.Null(await silo.Grains.GetGrain<IConnectionRegistryGrain>("weather").OpenLeaseAsync("ghost"));
    }

    [Fact]
    public async Task Drain_KeepsInstanceDrainingThroughHeartbeats()
    {
        await using var silo = await RegistrySilo.StartAsync();
        var registry = silo.Grains.GetGrain<IConnectionRegistryGrain>("weather");
        await registry.RegisterAsync(RegistrySilo.Registration());

        Assert.True(await registry.DrainAsync("i1"));
        await registry.HeartbeatAsync("i1", null);

        Assert.Equal(InstanceStatus.Draining, (await registry.GetAsync()).Instances[0].Status);
        Assert.Equal([RegistryEventTypes.InstanceRegistered, RegistryEventTypes.InstanceDraining], await silo.EventTypesAsync());
        Assert.False(await registry.DrainAsync("ghost"));
    }

    [Fact]
    public async Task Deregister_RemovesInstanceAndPublishes()
    {
        await using var silo = await RegistrySilo.StartAsync();
        var registry = silo.Grains.GetGrain<IConnectionRegistryGrain>("weather");
        await registry.RegisterAsync(RegistrySilo.Registration());

        Assert.True(await registry.DeregisterAsync("i1"));

        Assert.Empty((await registry.GetAsync()).Instances);
        Assert.Equal(RegistryEventTypes.InstanceDeregistered, (await silo.EventTypesAsync())[^1]);
        Assert.False(await registry.DeregisterAsync("i1"));
    }

    [Fact]
    public async Task Events_AreInSequenceOrderAndConsistentWithStoredState()
    {
        await using var silo = await RegistrySilo.StartAsync();
        var registry = silo.Grains.GetGrain<IConnectionRegistryGrain>("weather");
        await registry.RegisterAsync(RegistrySilo.Registration("i1"));
        await registry.RegisterAsync(RegistrySilo.Registration("i2"));
        await registry.DeregisterAsync("i1");

        var events = await silo.EventsAsync();
        var snapshot = await silo.EventLog.ReadStatesAsync("connection-registry", "registry");

        Assert.Equal(events.Select(e => e.Sequence).Order(), events.Select(e => e.Sequence));
        Assert.Equal(events[^1].Sequence, snapshot.Sequence);
        var stored = JsonSerializer.Deserialize(Assert.Single(snapshot.States).Payload, Router.Grains.Registry.GrainsJsonContext.Default.RegistryState)!;
        Assert.Equal(["i2"], stored.Instances.Keys);
    }

    [Fact]
    public async Task Failover_NewActivationAfterLongOutage_GrantsFreshLeaseBeforeExpiring()
    {
        var file = Path.Combine(Path.GetTempPath(), $"router-registry-{Guid.NewGuid():N}.db");
        var time = new FakeTimeProvider();
        try
        {
            await using (var first = await RegistrySilo.StartAsync(time, file))
            {
                var registry = first.Grains.GetGrain<IConnectionRegistryGrain>("weather");
                await registry.RegisterAsync(RegistrySilo.Registration());
                await registry.HeartbeatAsync("i1", null);
            }

            // The node was down far longer than the lease.
            time.Advance(TimeSpan.FromHours(2));
            await using var second = await RegistrySilo.StartAsync(time, file);
            var recovered = second.Grains.GetGrain<IConnectionRegistryGrain>("weather");
            var eventsBefore = (await second.EventsAsync()).Count;

            var view = Assert.Single((await recovered.GetAsync()).Instances);
            Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(30), view.LeaseExpiresAt);
            Assert.True(await recovered.HeartbeatAsync("i1", null));
            time.Advance(Interval * 2);
            Assert.Equal(InstanceStatus.Unhealthy, (await recovered.GetAsync()).Instances[0].Status);
            Assert.Equal(eventsBefore + 1, (await second.EventsAsync()).Count);
        }
        finally
        {
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }
    }
}
