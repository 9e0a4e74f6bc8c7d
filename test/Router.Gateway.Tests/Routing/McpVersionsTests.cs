using Router.Abstractions.Registry;
using Router.Abstractions.Routing;

namespace Router.Gateway.Tests.Routing;

public sealed class McpVersionsTests
{
    [Theory]
    [InlineData("1.10.0", "1.9.0")]
    [InlineData("2.0.0", "2.0.0-rc.1")]
    [InlineData("v3", "2.9.9")]
    [InlineData("1.0.0", "nightly")]
    [InlineData("b", "a")]
    public void Compare_NewerFirst_IsPositive(string newer, string older)
    {
        Assert.True(McpVersions.Compare(newer, older) > 0);
        Assert.True(McpVersions.Compare(older, newer) < 0);
    }

    [Fact]
    public void Latest_MixedStatuses_IgnoresUnroutableInstances()
    {
        InstanceView[] instances =
        [
            Instance("a", "1.2.0", InstanceStatus.Healthy),
            Instance("b", "1.10.0", InstanceStatus.Registered),
            Instance("c", "2.0.0", InstanceStatus.Draining),
            Instance("d", "3.0.0", InstanceStatus.Unhealthy),
        ];

        Assert.Equal("1.10.0", McpVersions.Latest(instances));
    }

    [Fact]
    public void Latest_NoRoutableInstance_IsNull()
    {
        Assert.Null(McpVersions.Latest([Instance("a", "1.0.0", InstanceStatus.Draining)]));
    }

    private static InstanceView Instance(string id, string version, InstanceStatus status) => new()
    {
        InstanceId = id,
        Version = version,
        Endpoint = "http://127.0.0.1:1/mcp",
        Transport = McpTransport.StreamableHttp,
        Status = status,
        LeaseMode = LeaseMode.Heartbeat,
        HeartbeatIntervalSeconds = 10,
        LeaseTtlSeconds = 30,
        RegisteredAt = DateTimeOffset.UnixEpoch,
        LastSeenAt = DateTimeOffset.UnixEpoch,
        Metadata = new Dictionary<string, string>(),
        Tools = [],
        ToolsHash = "",
    };
}
