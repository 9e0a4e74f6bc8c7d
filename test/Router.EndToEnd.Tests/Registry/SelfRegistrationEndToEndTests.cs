using System.Net;
using Router.EndToEnd.Tests.Fixtures;
using Router.Testing;

namespace Router.EndToEnd.Tests.Registry;

/// <summary>
/// A real node process, the sample MCP server registering through Router.Client in its own process, and a raw SSE
/// subscriber: what users run, with nothing in process.
/// </summary>
public sealed class SelfRegistrationEndToEndTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SampleServer_HeartbeatLease_KilledWithSigkill_IsExpired()
    {
        await using var node = await RouterNodeProcess.StartAsync();
        await using var feed = await RawFeedSubscriber.StartAsync(node.Url);
        using var sample = StartSample(node, "--McpRouter:HeartbeatInterval=00:00:01");

        var registered = await feed.WaitForAsync(e => e.Type == "instance.registered" && e.McpId == "weather", Wait);
        Assert.Contains("\"forecast\"", registered.Data, StringComparison.Ordinal);
        await feed.WaitForAsync(e => e.Type == "instance.healthy" && e.InstanceId == registered.InstanceId, Wait);

        sample.Kill();

        await feed.WaitForAsync(e => e.Type == "instance.unhealthy" && e.InstanceId == registered.InstanceId, Wait);
        var expired = await feed.WaitForAsync(e => e.Type == "instance.expired" && e.InstanceId == registered.InstanceId, Wait);
        Assert.True(expired.Sequence > registered.Sequence);
        using var server = await node.Http.GetAsync("/v1/servers/weather");
        Assert.Equal(HttpStatusCode.NotFound, server.StatusCode);
        AssertInOrder(feed.Seen);
    }

    [Fact]
    public async Task SampleServer_ConnectionLease_KilledWithSigkill_IsDisconnectedAtOnce()
    {
        await using var node = await RouterNodeProcess.StartAsync();
        await using var feed = await RawFeedSubscriber.StartAsync(node.Url);
        using var sample = StartSample(node, "--McpRouter:LeaseMode=Connection", "--McpRouter:HeartbeatInterval=00:01:00");

        var registered = await feed.WaitForAsync(e => e.Type == "instance.registered" && e.McpId == "weather", Wait);
        await feed.WaitForAsync(e => e.Type == "instance.healthy" && e.InstanceId == registered.InstanceId, Wait);

        sample.Kill();

        // The heartbeat interval is a minute: only the lease's close can produce this event within the wait.
        await feed.WaitForAsync(e => e.Type == "instance.disconnected" && e.InstanceId == registered.InstanceId, Wait);
        AssertInOrder(feed.Seen);
    }

    [Fact]
    public async Task SampleServer_StoppedWithSigterm_Deregisters()
    {
        await using var node = await RouterNodeProcess.StartAsync();
        await using var feed = await RawFeedSubscriber.StartAsync(node.Url);
        using var sample = StartSample(node);
        var registered = await feed.WaitForAsync(e => e.Type == "instance.registered" && e.McpId == "weather", Wait);

        await sample.TerminateAsync(Wait);

        await feed.WaitForAsync(e => e.Type == "instance.deregistered" && e.InstanceId == registered.InstanceId, Wait);
    }

    [Fact]
    public async Task Registrar_ForAnyServer_RegistersAndDeregistersOnSigterm()
    {
        await using var node = await RouterNodeProcess.StartAsync();
        await using var feed = await RawFeedSubscriber.StartAsync(node.Url);
        using var registrar = ChildProcess.Start(
                ChildProcess.ProgramPath("src/Registrar", "Router.Registrar"),
                Path.GetTempPath(),
                ["--router", node.Url.ToString(), "--mcp-id", "legacy", "--version", "2.1.0",
                 "--endpoint", "http://127.0.0.1:9/mcp", "--transport", "sse", "--lease", "connection", "--instance-id", "legacy-a"]);

            var registered = await feed.WaitForAsync(e => e.Type == "instance.registered" && e.McpId == "legacy", Wait);
            Assert.Equal("legacy-a", registered.InstanceId);
            Assert.Contains("\"sse\"", registered.Data, StringComparison.Ordinal);

            await registrar.TerminateAsync(Wait);

            await feed.WaitForAsync(e => e.Type == "instance.deregistered" && e.InstanceId == "legacy-a", Wait);
    }

    private static ChildProcess StartSample(RouterNodeProcess node, params string[] arguments)
    {
        // The sample writes no files; any directory will do as its working directory.
        return ChildProcess.Start(
            ChildProcess.ProgramPath("samples/WeatherServer", "Router.Samples.WeatherServer"),
            Path.GetTempPath(),
            ["--urls", $"http://127.0.0.1:{RouterNodeProcess.FreePort()}", $"--McpRouter:RouterUrl={node.Url}", .. arguments]);
    }

    private static void AssertInOrder(IReadOnlyList<FeedEvent> seen) =>
        Assert.Equal(seen.Select(e => e.Sequence).Order(), seen.Select(e => e.Sequence));
}
