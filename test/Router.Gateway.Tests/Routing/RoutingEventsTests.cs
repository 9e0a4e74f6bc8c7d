using System.Net;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Router.Gateway.Tests.Infrastructure;
using Router.Testing.McpPeers;

namespace Router.Gateway.Tests.Routing;

/// <summary>
/// Routing driven by the registry's events, on a node of its own with a short idle age for MCP instances: a new version
/// tells connected agents their tools changed and takes their calls; instances announce activation and idle deactivation.
/// </summary>
public sealed class RoutingEventsTests : IAsyncLifetime
{
    private ServerEverything? _server;
    private TestNode? _node;

    private TestNode Node => _node!;

    public async Task InitializeAsync()
    {
        _server = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp);
        _node = await TestNode.StartAsync(
            "Router:Storage:Provider=memory",
            "Router:Silo:ClassSpecificCollectionAge:mcpinstance=00:00:01",
            "Router:Silo:CollectionQuantum=00:00:00.500");
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task NewVersionRegistered_ConnectedAgent_GetsToolsListChangedAndMovesToIt()
    {
        await RegisterAsync("versioned", "i1", "1.0.0");
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = await ConnectAsync("/v1/mcp/app/versioned/mcp", changed);
        Assert.Contains(await client.ListToolsAsync(), t => t.Name == "echo");

        await RegisterAsync("versioned", "i2", "2.0.0");

        await changed.Task.WaitAsync(Bounded.Wait);
        var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "v2" });
        Assert.Equal("Echo: v2", Assert.IsType<TextContentBlock>(Assert.Single(echo.Content)).Text);
        using var servers = await Node.Client.GetAsync("/v1/servers/versioned");
        Assert.Equal(HttpStatusCode.OK, servers.StatusCode);
    }

    [Fact]
    public async Task LastInstanceDeregistered_ConnectedAgent_GetsToolsListChanged()
    {
        await RegisterAsync("leaving", "i1", "1.0.0");
        var changes = new ToolListChanges();
        await using var client = await ConnectAsync("/v1/mcp/app/leaving/mcp", changes);
        Assert.Contains(await client.ListToolsAsync(), t => t.Name == "echo");

        Assert.Equal(HttpStatusCode.NoContent, await Node.Client.DeregisterAsync("leaving", "i1"));

        // The registration's own events reach routing asynchronously and may still tell this agent its tools changed
        // after it connected: a notification whose call goes through is that one, and the next must come. Once the
        // deregistration's notification has come, calls must fail; were it sent before routing let go of the replica,
        // no further notification would come and the bounded wait would fail.
        using var deadline = new CancellationTokenSource(Bounded.Wait);
        ModelContextProtocol.McpProtocolException? error = null;
        while (error is null)
        {
            await changes.NextAsync(deadline.Token);
            try
            {
                await client.CallToolAsync("echo", cancellationToken: deadline.Token);
            }
            catch (ModelContextProtocol.McpProtocolException e)
            {
                error = e;
            }
        }

        Assert.DoesNotContain("Exception", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewServerRegistered_AggregateAgent_GetsToolsListChangedAndSeesItsTools()
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = await ConnectAsync("/v1/mcp/mcp", changed);
        Assert.DoesNotContain(await client.ListToolsAsync(), t => t.Name == "newcomer__echo");

        await RegisterAsync("newcomer", "i1", "1.0.0");

        await changed.Task.WaitAsync(Bounded.Wait);
        Assert.Contains(await client.ListToolsAsync(), t => t.Name == "newcomer__echo");
    }

    [Fact]
    public async Task InstanceCalledThenIdle_PublishesActivatedThenDeactivated()
    {
        await RegisterAsync("idle", "i1", "1.0.0");
        using var events = await EventSubscriber.OpenAsync(Node.Client, "/v1/events?mcpId=idle");

        using var call = await Node.Client.PostAsync("/v1/mcp/proxy/idle/tool/call", RegistryCalls.Json("""{"name":"echo","arguments":{"message":"wake"}}"""));
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);

        var activated = await events.NextMatchingAsync(f => f.Event == "activation.activated");
        Assert.Equal("1.0.0", activated.Json.GetProperty("version").GetString());
        var deactivated = await events.NextMatchingAsync(f => f.Event == "activation.deactivated");
        Assert.Equal("1.0.0", deactivated.Json.GetProperty("version").GetString());
        Assert.True(deactivated.Sequence > activated.Sequence);
    }

    [Fact]
    public async Task AgentSessionOpen_InstanceStaysActive_DeactivatesOnceSessionEnds()
    {
        await RegisterAsync("pinned", "i1", "1.0.0");
        await RegisterAsync("witness", "i1", "1.0.0");
        using var events = await EventSubscriber.OpenAsync(Node.Client);
        var seen = new System.Collections.Concurrent.ConcurrentQueue<(string? McpId, string? Event)>();
        var reading = Task.Run(async () =>
        {
            while (await events.NextOrEndAsync(bound: TimeSpan.FromMinutes(2)) is { } frame)
            {
                seen.Enqueue((frame.McpId, frame.Event));
            }
        });
        int Count(string mcpId, string type) => seen.Count(e => e.McpId == mcpId && e.Event == type);

        var client = await ConnectAsync("/v1/mcp/app/pinned/mcp", new TaskCompletionSource());
        await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "hold" });
        await Bounded.UntilAsync(() => Task.FromResult(Count("pinned", "activation.activated") == 1), "pinned activated");

        // A witness instance without a session, called after the pinned one's last call: each time the collector takes
        // it, the pinned instance has been idle longer and would have gone in the same sweep, were it not pinned. Two
        // rounds, so that a wrong deactivation in the first sweep has surely been published by the end of the second.
        for (var round = 1; round <= 2; round++)
        {
            using var call = await Node.Client.PostAsync("/v1/mcp/proxy/witness/tool/call", RegistryCalls.Json("""{"name":"echo","arguments":{"message":"witness"}}"""));
            Assert.Equal(HttpStatusCode.OK, call.StatusCode);
            var expected = round;
            await Bounded.UntilAsync(() => Task.FromResult(Count("witness", "activation.deactivated") == expected), $"witness deactivated ({round})");
        }

        Assert.Equal(0, Count("pinned", "activation.deactivated"));

        await client.DisposeAsync();
        await Bounded.UntilAsync(() => Task.FromResult(Count("pinned", "activation.deactivated") == 1), "pinned deactivated");
    }

    private Task<McpClient> ConnectAsync(string path, TaskCompletionSource changed) =>
        ConnectAsync(path, () => changed.TrySetResult());

    private Task<McpClient> ConnectAsync(string path, ToolListChanges changes) =>
        ConnectAsync(path, changes.Record);

    private Task<McpClient> ConnectAsync(string path, Action onToolListChanged) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(Node.BaseAddress, path) }),
            new McpClientOptions
            {
                ProtocolVersion = "2025-11-25",
                Handlers = new McpClientHandlers
                {
                    NotificationHandlers = [new(NotificationMethods.ToolListChangedNotification, (_, _) =>
                    {
                        onToolListChanged();
                        return ValueTask.CompletedTask;
                    })],
                },
            });

    private async Task RegisterAsync(string mcpId, string instanceId, string version)
    {
        var body = RegistryCalls.Registration(instanceId, version, _server!.Endpoint.ToString(), interval: 300);
        body["transport"] = "streamable-http";
        using var response = await Node.Client.RegisterAsync(mcpId, body);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"registration answered {(int)response.StatusCode}");
    }

    /// <summary>Every <c>notifications/tools/list_changed</c> an agent received, taken one at a time.</summary>
    private sealed class ToolListChanges
    {
        private readonly System.Threading.Channels.Channel<bool> _received = System.Threading.Channels.Channel.CreateUnbounded<bool>();

        public void Record() => _received.Writer.TryWrite(true);

        public async Task NextAsync(CancellationToken cancellationToken) => await _received.Reader.ReadAsync(cancellationToken);
    }
}
