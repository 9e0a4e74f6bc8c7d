using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Router.Abstractions.Events;
using Router.Abstractions.Registry;
using Router.Gateway.Events;
using Router.Gateway.Routing;
using Router.Testing;

namespace Router.Gateway.Tests.Routing;

/// <summary>The routing table applied event by event, as <see cref="McpRoutingEvents"/> feeds it from the log.</summary>
public sealed class McpRoutingTableTests
{
    private readonly McpRoutingTable _table = new(NullLogger<McpRoutingTable>.Instance);
    private long _sequence;

    [Fact]
    public void Apply_RegistrationsAndStateChanges_TrackTheNewestRoutableVersion()
    {
        Apply(RegistryEventTypes.InstanceRegistered, Instance("a", "1.0.0"));
        Apply(RegistryEventTypes.InstanceRegistered, Instance("b", "2.0.0"));
        Assert.Equal("2.0.0", _table.Find("weather")!.Latest);

        Apply(RegistryEventTypes.InstanceDraining, Instance("b", "2.0.0", InstanceStatus.Draining));
        Assert.Equal("1.0.0", _table.Find("weather")!.Latest);
        Assert.False(_table.Find("weather")!.IsRoutable("2.0.0"));

        Apply(RegistryEventTypes.InstanceDeregistered, Instance("a", "1.0.0"));
        Assert.Null(_table.Find("weather")!.Latest);
        Assert.Equal(["b"], _table.InstancesOf("weather").Select(i => i.InstanceId));

        Apply(RegistryEventTypes.InstanceExpired, Instance("b", "2.0.0", InstanceStatus.Draining));
        Assert.Null(_table.Find("weather"));
        Assert.Empty(_table.InstancesOf("weather"));
        Assert.Empty(_table.Servers);
    }

    [Fact]
    public void Apply_ManyVersionsInAnyOrder_LatestIsWhatMcpVersionsPicks()
    {
        string[] versions = ["1.0.0", "v1.10.0", "1.10.0", "2.0.0-beta", "abc", "1.2", "2.0.0", "zzz"];
        var instances = versions.Select((v, i) => Instance($"i{(i * 5) % versions.Length}", v, i == 6 ? InstanceStatus.Unhealthy : InstanceStatus.Registered)).ToList();

        foreach (var instance in instances)
        {
            Apply(RegistryEventTypes.InstanceRegistered, instance);
            var applied = instances.Take(instances.IndexOf(instance) + 1).OrderBy(i => i.InstanceId, StringComparer.Ordinal);
            Assert.Equal(Router.Abstractions.Routing.McpVersions.Latest(applied), _table.Find("weather")!.Latest);
        }

        Assert.Equal("2.0.0-beta", _table.Find("weather")!.Latest);
        Assert.Equal(instances.Select(i => i.InstanceId).Order(StringComparer.Ordinal), _table.InstancesOf("weather").Select(i => i.InstanceId));
    }

    [Fact]
    public void Apply_ToolsChanged_ReplacesThatInstancesTools()
    {
        Apply(RegistryEventTypes.InstanceRegistered, Instance("a", "1.0.0"));
        Apply(RegistryEventTypes.InstanceRegistered, Instance("b", "1.0.0"));

        var tools = new ToolsChangedData("old", "new", [new ToolDescriptor("forecast", null, null)]);
        Assert.True(_table.Apply(Encode(RegistryEventTypes.ToolsChanged, "a", JsonSerializer.SerializeToUtf8Bytes(tools, RegistryJsonContext.Default.ToolsChangedData))));

        var a = _table.InstancesOf("weather").Single(i => i.InstanceId == "a");
        Assert.Equal(("new", "forecast"), (a.ToolsHash, Assert.Single(a.Tools).Name));
        Assert.Empty(_table.InstancesOf("weather").Single(i => i.InstanceId == "b").Tools);
    }

    [Fact]
    public void Apply_OtherEventTypes_ChangeNothing()
    {
        Assert.False(_table.Apply(Encode("activation.activated", null, """{"mcpId":"weather","version":"1.0.0","replicas":"0"}"""u8.ToArray())));
        Assert.Empty(_table.Servers);
    }

    [Fact]
    public void Apply_UnreadableData_SkipsThatEventOnly()
    {
        Apply(RegistryEventTypes.InstanceRegistered, Instance("a", "1.0.0"));

        Assert.True(_table.Apply(Encode(RegistryEventTypes.InstanceRegistered, "b", Encoding.UTF8.GetBytes("""{"instanceId":"b"}"""))));
        Assert.True(_table.Apply(Encode(RegistryEventTypes.InstanceHealthy, "c", Encoding.UTF8.GetBytes("not json"))));
        Apply(RegistryEventTypes.InstanceHealthy, Instance("a", "1.0.0", InstanceStatus.Healthy));

        Assert.Equal([("a", InstanceStatus.Healthy)], _table.InstancesOf("weather").Select(i => (i.InstanceId, i.Status)));
    }

    [Fact]
    public void Load_Snapshot_ReplacesEverythingAndMovesToItsSequence()
    {
        Apply(RegistryEventTypes.InstanceRegistered, Instance("a", "1.0.0"));
        _table.Advance(_sequence);

        _table.Load(new RegistrySnapshot(42, [new ServerView("news", [Instance("n", "3.0.0")])]));

        Assert.Equal(42, _table.Sequence);
        Assert.Equal(["news"], _table.Servers);
        Assert.Equal("3.0.0", _table.Find("news")!.Latest);
    }

    [Fact]
    public async Task WaitFor_CompletesWhenAdvancedThatFar_FalseWhenTheBoundPassesFirst()
    {
        var time = new FakeTimeProvider();
        var waiting = _table.WaitForAsync(2, TimeSpan.FromSeconds(1), time);

        _table.Advance(1);
        Assert.False(waiting.IsCompleted);
        _table.Advance(2);
        Assert.True(await waiting);

        var timingOut = _table.WaitForAsync(3, TimeSpan.FromSeconds(1), time);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await timingOut);
    }

    private void Apply(string type, InstanceView instance) =>
        Assert.True(_table.Apply(Encode(type, instance.InstanceId, JsonSerializer.SerializeToUtf8Bytes(instance, RegistryJsonContext.Default.InstanceView))));

    private FeedEvent Encode(string type, string? instanceId, byte[] data) =>
        EventFrames.Encode(new LoggedEvent(++_sequence, type, "weather", instanceId, "1.0.0", DateTimeOffset.UnixEpoch, data));

    private static InstanceView Instance(string id, string version, InstanceStatus status = InstanceStatus.Registered) => new()
    {
        InstanceId = id,
        Version = version,
        Endpoint = $"http://127.0.0.1:9001/{id}",
        Transport = McpTransport.StreamableHttp,
        Status = status,
        LeaseMode = LeaseMode.Heartbeat,
        HeartbeatIntervalSeconds = 30,
        LeaseTtlSeconds = 90,
        RegisteredAt = DateTimeOffset.UnixEpoch,
        LastSeenAt = DateTimeOffset.UnixEpoch,
        Metadata = new Dictionary<string, string>(),
        Tools = [],
        ToolsHash = "none",
    };
}
