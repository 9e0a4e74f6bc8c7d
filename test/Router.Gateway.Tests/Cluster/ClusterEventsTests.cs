using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Router.Abstractions.Registry;
using Router.Gateway.Routing;
using Router.Gateway.Tests.Infrastructure;
using Router.Testing;
using Router.Testing.McpPeers;

namespace Router.Gateway.Tests.Cluster;

/// <summary>
/// Events across the nodes of a cluster (one PostgreSQL database): a subscriber on any node sees every node's events
/// as the one gap-free, ordered log; resumes on another node where it left off; and still gets events whose
/// notification was lost. Registry calls for one server always go through one node (the grain directory is not wired
/// in yet, so two nodes would each activate that server's registry).
/// </summary>
public sealed class ClusterEventsTests
{
    /// <summary>
    /// What <see cref="RunScriptAsync"/> does to one server, as the events it must produce: (type, instance, version,
    /// status of the instance in the event's data).
    /// </summary>
    private static readonly (string Type, string Instance, string Version, string Status)[] ScriptEvents =
    [
        ("instance.registered", "a", "1.0.0", "registered"),
        ("instance.registered", "b", "1.0.0", "registered"),
        ("instance.healthy", "a", "1.0.0", "healthy"),
        ("instance.healthy", "b", "1.0.0", "healthy"),
        ("instance.draining", "a", "1.0.0", "draining"),
        ("instance.deregistered", "a", "1.0.0", "draining"),
        ("instance.registered", "a", "2.0.0", "registered"),
        ("instance.deregistered", "b", "1.0.0", "healthy"),
    ];

    [Fact]
    public async Task Subscriber_OnNodeB_SeesEveryEventMadeOnNodeAInOrderWithoutGaps()
    {
        var connectionString = await DatabaseAsync();
        await using var a = await StartNodeAsync(connectionString);
        await using var b = await StartNodeAsync(connectionString);
        using var onB = await EventSubscriber.OpenAsync(b.Client);
        string[] servers = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"];

        // Each server's calls in order; the servers concurrently, so that their events interleave in the log.
        await Task.WhenAll(servers.Select(mcpId => RunScriptAsync(a.Client, mcpId)));

        var seen = await onB.TakeAsync(servers.Length * ScriptEvents.Length);
        AssertGapFree(seen, first: 1);
        foreach (var mcpId in servers)
        {
            AssertScript(mcpId, seen.Where(e => e.McpId == mcpId).ToList());
        }

        // Exactly what the log holds: the same frames as a subscriber reading it from the start on the producing node.
        using var fromLog = await EventSubscriber.OpenAsync(a.Client, "/v1/events?after=0");
        Assert.Equal(Frames(await fromLog.TakeAsync(seen.Count)), Frames(seen));

        // Routing tables converge on what is persisted: B's from its tail, a node started now from the snapshot.
        var persisted = await RoutedInstancesAsync(a.Client);
        Assert.Equal(servers.Length, persisted.Count);
        await Bounded.UntilAsync(() => Table(b).Sequence == seen[^1].Sequence, "node B's routing table applying every event");
        Assert.Equal(persisted, RoutedInstances(Table(b)));
        await using var late = await StartNodeAsync(connectionString);
        Assert.Equal(seen[^1].Sequence, Table(late).Sequence);
        Assert.Equal(persisted, RoutedInstances(Table(late)));
    }

    [Fact]
    public async Task EventsOfTwoNodesAtOnce_SubscribersOnBAndA_SeeOneIdenticalGapFreeSequence()
    {
        var connectionString = await DatabaseAsync();
        await using var a = await StartNodeAsync(connectionString);
        await using var b = await StartNodeAsync(connectionString);
        await using var c = await StartNodeAsync(connectionString);

        // Each producing node's first request takes a while (connections, first activations); without this the other
        // node could finish all its work before it, and nothing would interleave.
        await RegisterAsync(a.Client, "warm-a", "a", "1.0.0");
        await RegisterAsync(c.Client, "warm-c", "a", "1.0.0");
        var head = await a.Client.HeadAsync();
        using var onB = await EventSubscriber.OpenAsync(b.Client, $"/v1/events?after={head}");
        using var onA = await EventSubscriber.OpenAsync(a.Client, $"/v1/events?after={head}");
        string[] viaA = ["a-one", "a-two", "a-three", "a-four"];
        string[] viaC = ["c-one", "c-two", "c-three", "c-four"];

        await Task.WhenAll(
            viaA.Select(mcpId => RunScriptAsync(a.Client, mcpId))
                .Concat(viaC.Select(mcpId => RunScriptAsync(c.Client, mcpId))));

        var count = (viaA.Length + viaC.Length) * ScriptEvents.Length;
        var seenOnB = await onB.TakeAsync(count);
        var seenOnA = await onA.TakeAsync(count);
        AssertGapFree(seenOnB, first: head + 1);
        Assert.Equal(Frames(seenOnB), Frames(seenOnA));
        foreach (var mcpId in viaA.Concat(viaC))
        {
            AssertScript(mcpId, seenOnB.Where(e => e.McpId == mcpId).ToList());
        }

        // Both nodes' appends really interleaved in the one log (not one node's batch, then the other's).
        var origins = seenOnB.Select(e => e.McpId!.StartsWith("a-", StringComparison.Ordinal)).ToList();
        Assert.True(origins.Zip(origins.Skip(1)).Count(pair => pair.First != pair.Second) > 1, $"the two nodes' events did not interleave: {string.Concat(origins.Select(o => o ? 'A' : 'C'))}");
    }

    [Fact]
    public async Task Subscriber_ResumingOnAnotherNodeWithLastEventId_GetsExactlyTheRest()
    {
        var connectionString = await DatabaseAsync();
        await using var a = await StartNodeAsync(connectionString);
        await RunScriptAsync(a.Client, "first");
        List<SseFrame> read;
        using (var onA = await EventSubscriber.OpenAsync(a.Client, "/v1/events?after=0"))
        {
            read = [.. await onA.TakeAsync(5)];
        }

        // Events made while the subscriber is away, some before node B even starts: B's memory never held them.
        await RunScriptAsync(a.Client, "second");
        await using var b = await StartNodeAsync(connectionString);
        using var onB = await EventSubscriber.OpenAsync(b.Client, lastEventId: read[^1].Id);
        await RunScriptAsync(a.Client, "third");

        var rest = await onB.TakeAsync((3 * ScriptEvents.Length) - read.Count);
        AssertGapFree([.. read, .. rest], first: 1);
        AssertScript("first", [.. read, .. rest.Where(e => e.McpId == "first")]);
        AssertScript("second", [.. rest.Where(e => e.McpId == "second")]);
        AssertScript("third", [.. rest.Where(e => e.McpId == "third")]);
        using var fromLog = await EventSubscriber.OpenAsync(a.Client, "/v1/events?after=0");
        Assert.Equal(Frames(await fromLog.TakeAsync(3 * ScriptEvents.Length)), Frames([.. read, .. rest]));
    }

    [Fact]
    public async Task ListenerConnectionTerminated_EventAppendedMeanwhile_StillReachesSubscriberOnThatNode()
    {
        var connectionString = await DatabaseAsync();
        await using var a = await StartNodeAsync(connectionString);
        await using var b = await StartNodeAsync(connectionString);
        using var onB = await EventSubscriber.OpenAsync(b.Client);
        await a.Client.RegisterOkAsync("before", "i1");
        var before = await onB.NextAsync();
        Assert.Equal(("before", 1L), (before.McpId, before.Sequence));

        // Every node's listening connection goes; the append made right after sends its notification to nobody on B.
        Assert.True(await TerminateListenersAsync(connectionString) >= 2, "both nodes should have had a listening connection");
        await a.Client.RegisterOkAsync("during", "i1");

        var next = await onB.NextAsync();
        Assert.Equal(("during", 2L, "instance.registered"), (next.McpId, next.Sequence, next.Event));

        // The listeners are back, and what follows arrives as before.
        await Bounded.UntilAsync(async () => await ListenerCountAsync(connectionString) == 2, "both nodes listening again");
        await a.Client.RegisterOkAsync("after", "i1");
        var after = await onB.NextAsync();
        Assert.Equal(("after", 3L), (after.McpId, after.Sequence));
    }

    [Fact]
    public async Task AppendWithoutNotification_WhileListening_ReachesSubscribersByThePoll()
    {
        var connectionString = await DatabaseAsync();
        await using var a = await StartNodeAsync(connectionString);
        await using var b = await StartNodeAsync(connectionString);
        using var onB = await EventSubscriber.OpenAsync(b.Client);
        await a.Client.RegisterOkAsync("before", "i1");
        Assert.Equal(1, (await onB.NextAsync()).Sequence);

        // Appended as the log appends, minus its pg_notify: a notification lost while every listener stays connected.
        await AppendWithoutNotifyAsync(connectionString, "activation.activated", "ghost", """{"mcpId":"ghost","version":"1.0.0","replicas":"0"}""");

        var next = await onB.NextAsync();
        Assert.Equal(("ghost", 2L, "activation.activated"), (next.McpId, next.Sequence, next.Event));
        await a.Client.RegisterOkAsync("after", "i1");
        var after = await onB.NextAsync();
        Assert.Equal(("after", 3L), (after.McpId, after.Sequence));
    }

    [Fact]
    public async Task ServerRegisteredOnA_IsRoutedThroughB_ThenItsNewVersion_ThenNothingOnceDeregistered()
    {
        await using var fixture = await McpFixtureServer.StartAsync();
        await using var everything = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp);
        var connectionString = await DatabaseAsync();
        await using var a = await StartNodeAsync(connectionString);
        await using var b = await StartNodeAsync(connectionString);

        // Version 1.0.0 is the C# fixture (tool "add"), 2.0.0 server-everything (tool "get-sum"): which one B routes to shows.
        await RegisterUpstreamAsync(a.Client, "converge", "v1", "1.0.0", fixture.Endpoint);
        await Bounded.UntilAsync(async () => (await ToolNamesAsync(b.Client, "converge")).Contains("add"), "node B routing to 1.0.0");
        Assert.Contains("3", await CallOverRestAsync(b.Client, "converge", "add"), StringComparison.Ordinal);
        await using (var agent = await ConnectAsync(b, "converge"))
        {
            Assert.Equal("router-mcp-fixture", agent.ServerInfo!.Name);
            Assert.Equal("3", TextOf(await agent.CallToolAsync("add", new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 })));
        }

        await RegisterUpstreamAsync(a.Client, "converge", "v2", "2.0.0", everything.Endpoint);
        await Bounded.UntilAsync(async () => (await ToolNamesAsync(b.Client, "converge")).Contains("get-sum"), "node B routing to 2.0.0");
        Assert.Contains("3", await CallOverRestAsync(b.Client, "converge", "get-sum"), StringComparison.Ordinal);
        await using (var agent = await ConnectAsync(b, "converge"))
        {
            Assert.Equal("mcp-servers/everything", agent.ServerInfo!.Name);
            Assert.Contains("3", TextOf(await agent.CallToolAsync("get-sum", new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 })), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NoContent, await a.Client.DeregisterAsync("converge", "v1"));
        Assert.Equal(HttpStatusCode.NoContent, await a.Client.DeregisterAsync("converge", "v2"));
        await Bounded.UntilAsync(async () => await CallStatusAsync(b.Client, "converge") == HttpStatusCode.NotFound, "node B letting go of the server");
        using (var call = await b.Client.PostAsync("/v1/mcp/proxy/converge/tool/call", RegistryCalls.Json("""{"name":"add","arguments":{"a":1,"b":2}}""")))
        {
            var problem = await Problems.AssertProblemAsync(call, HttpStatusCode.NotFound);
            Assert.Contains("routable instance", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        }

        using var initialize = await InitializeAsync(b.Client, "converge");
        Assert.Equal(HttpStatusCode.NotFound, initialize.StatusCode);
    }

    [Fact]
    public async Task NodeStartedAfterRegistrations_RoutesToThemFromItsFirstRequest()
    {
        await using var fixture = await McpFixtureServer.StartAsync();
        var connectionString = await DatabaseAsync();
        await using var a = await StartNodeAsync(connectionString);
        await RegisterUpstreamAsync(a.Client, "early", "i1", "1.0.0", fixture.Endpoint);
        await RegisterUpstreamAsync(a.Client, "gone", "i1", "1.0.0", fixture.Endpoint);
        Assert.Equal(HttpStatusCode.NoContent, await a.Client.DeregisterAsync("gone", "i1"));

        await using var c = await StartNodeAsync(connectionString);

        // No waiting: what was registered before the node started is in its routing table when it serves.
        Assert.Contains("3", await CallOverRestAsync(c.Client, "early", "add"), StringComparison.Ordinal);
        await using (var agent = await ConnectAsync(c, "early"))
        {
            Assert.Equal("3", TextOf(await agent.CallToolAsync("add", new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 })));
        }

        Assert.Equal(HttpStatusCode.NotFound, await CallStatusAsync(c.Client, "gone"));
    }

    [Fact]
    public async Task RegistrationAcknowledgedByANode_ThatNodesNextRequest_RoutesToIt()
    {
        await using var fixture = await McpFixtureServer.StartAsync();
        var connectionString = await DatabaseAsync();
        await using var a = await StartNodeAsync(connectionString);

        // Its routing table follows the log asynchronously; a request finding nothing first lets it catch up with
        // what the node itself has appended, so no registration's own client ever sees "unknown server".
        for (var i = 0; i < 20; i++)
        {
            await RegisterUpstreamAsync(a.Client, $"fresh-{i}", "i1", "1.0.0", fixture.Endpoint);
            Assert.Contains("3", await CallOverRestAsync(a.Client, $"fresh-{i}", "add"), StringComparison.Ordinal);
        }
    }

    internal static async Task<string> DatabaseAsync()
    {
        var server = await PostgresServer.GetSharedAsync();
        return await server.CreateDatabaseAsync("cluster_events");
    }

    internal static Task<TestNode> StartNodeAsync(string connectionString, params string[] settings) =>
        TestNode.StartAsync(["Router:Storage:Provider=postgres", $"Router:Storage:ConnectionString={connectionString}", .. settings]);

    /// <summary>Registers, heartbeats, drains and deregisters two instances of <paramref name="mcpId"/> (see <see cref="ScriptEvents"/>).</summary>
    private static async Task RunScriptAsync(HttpClient client, string mcpId)
    {
        await RegisterAsync(client, mcpId, "a", "1.0.0");
        await RegisterAsync(client, mcpId, "b", "1.0.0");
        Assert.Equal(HttpStatusCode.NoContent, await client.HeartbeatAsync(mcpId, "a"));
        Assert.Equal(HttpStatusCode.NoContent, await client.HeartbeatAsync(mcpId, "a"));
        Assert.Equal(HttpStatusCode.NoContent, await client.HeartbeatAsync(mcpId, "b"));
        Assert.Equal(HttpStatusCode.NoContent, await client.DrainAsync(mcpId, "a"));
        Assert.Equal(HttpStatusCode.NoContent, await client.DeregisterAsync(mcpId, "a"));
        await RegisterAsync(client, mcpId, "a", "2.0.0");
        Assert.Equal(HttpStatusCode.NoContent, await client.DeregisterAsync(mcpId, "b"));
    }

    private static async Task RegisterAsync(HttpClient client, string mcpId, string instanceId, string version)
    {
        using var response = await client.RegisterAsync(mcpId, RegistryCalls.Registration(instanceId, version, Endpoint(mcpId, instanceId), interval: 300));
        Assert.True(response.IsSuccessStatusCode, $"registration answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static string Endpoint(string mcpId, string instanceId) =>
        $"http://127.0.0.1:{9000 + (Math.Abs(StringComparer.Ordinal.GetHashCode(mcpId + instanceId)) % 1000)}/mcp/{mcpId}/{instanceId}";

    private static async Task RegisterUpstreamAsync(HttpClient client, string mcpId, string instanceId, string version, Uri endpoint)
    {
        var body = RegistryCalls.Registration(instanceId, version, endpoint.ToString(), interval: 300);
        body["transport"] = "streamable-http";
        using var response = await client.RegisterAsync(mcpId, body);
        Assert.True(response.IsSuccessStatusCode, $"registration answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The tools <c>GET /v1/mcp/proxy/{mcpId}/tools</c> lists on a node; none while it routes the server nowhere.</summary>
    private static async Task<IReadOnlyList<string>> ToolNamesAsync(HttpClient client, string mcpId)
    {
        using var response = await client.GetAsync($"/v1/mcp/proxy/{mcpId}/tools");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. body.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!)];
    }

    /// <summary>Calls <paramref name="tool"/> with a=1, b=2 over REST and returns the text of its result.</summary>
    private static async Task<string> CallOverRestAsync(HttpClient client, string mcpId, string tool)
    {
        using var response = await client.PostAsync($"/v1/mcp/proxy/{mcpId}/tool/call", RegistryCalls.Json($$$"""{"name":"{{{tool}}}","arguments":{"a":1,"b":2}}"""));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"the call answered {(int)response.StatusCode}: {text}");
        var body = JsonDocument.Parse(text).RootElement;
        Assert.False(body.TryGetProperty("isError", out var isError) && isError.GetBoolean(), text);
        return body.GetProperty("content")[0].GetProperty("text").GetString()!;
    }

    private static async Task<HttpStatusCode> CallStatusAsync(HttpClient client, string mcpId)
    {
        using var response = await client.PostAsync($"/v1/mcp/proxy/{mcpId}/tool/call", RegistryCalls.Json("""{"name":"add","arguments":{"a":1,"b":2}}"""));
        return response.StatusCode;
    }

    private static Task<McpClient> ConnectAsync(TestNode node, string mcpId) =>
        McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(node.BaseAddress, $"/v1/mcp/app/{mcpId}/mcp") }));

    private static Task<HttpResponseMessage> InitializeAsync(HttpClient client, string mcpId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/mcp/app/{mcpId}/mcp")
        {
            Content = RegistryCalls.Json("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"""),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        return client.SendAsync(request);
    }

    private static string TextOf(CallToolResult result)
    {
        Assert.NotEqual(true, result.IsError);
        return Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
    }

    private static McpRoutingTable Table(TestNode node) => node.App.Services.GetRequiredService<McpRoutingTable>();

    /// <summary>What routing uses of every instance in the persisted registry (<c>GET /v1/events/snapshot</c>).</summary>
    private static async Task<List<string>> RoutedInstancesAsync(HttpClient client)
    {
        var snapshot = await client.GetFromJsonAsync<JsonElement>("/v1/events/snapshot");
        return [.. snapshot.GetProperty("servers").EnumerateArray().SelectMany(server => server.GetProperty("instances").EnumerateArray().Select(i =>
            $"{server.GetProperty("mcpId").GetString()}/{i.GetProperty("instanceId").GetString()} {i.GetProperty("version").GetString()} " +
            $"{i.GetProperty("status").GetString()} {i.GetProperty("endpoint").GetString()} {i.GetProperty("toolsHash").GetString()}"))
            .Order(StringComparer.Ordinal)];
    }

    private static List<string> RoutedInstances(McpRoutingTable table) =>
        [.. table.Servers.SelectMany(mcpId => table.InstancesOf(mcpId).Select(i =>
            $"{mcpId}/{i.InstanceId} {i.Version} {JsonSerializer.Serialize(i.Status, RegistryJsonContext.Default.InstanceStatus).Trim('"')} {i.Endpoint} {i.ToolsHash}"))
            .Order(StringComparer.Ordinal)];

    private static void AssertGapFree(IReadOnlyList<SseFrame> frames, long first) =>
        Assert.Equal(Enumerable.Range(0, frames.Count).Select(i => first + i), frames.Select(f => f.Sequence));

    /// <summary>The events of one server are its script's, in order, with the documented shape and the right data.</summary>
    private static void AssertScript(string mcpId, IReadOnlyList<SseFrame> events)
    {
        Assert.Equal(ScriptEvents.Length, events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var (type, instance, version, status) = ScriptEvents[i];
            var json = events[i].Json;
            var data = json.GetProperty("data");
            Assert.Equal(type, events[i].Event);
            Assert.Equal(
                (events[i].Sequence, type, mcpId, instance, version),
                (json.GetProperty("sequence").GetInt64(), json.GetProperty("type").GetString(), json.GetProperty("mcpId").GetString(),
                    json.GetProperty("instanceId").GetString(), json.GetProperty("version").GetString()));
            Assert.Equal(
                (instance, version, status, Endpoint(mcpId, instance)),
                (data.GetProperty("instanceId").GetString(), data.GetProperty("version").GetString(),
                    data.GetProperty("status").GetString(), data.GetProperty("endpoint").GetString()));
        }
    }

    private static List<(string? Id, string Event, string Data)> Frames(IEnumerable<SseFrame> frames) =>
        [.. frames.Select(f => (f.Id, f.Event, f.Data))];

    /// <summary>Terminates every backend that LISTENs (the nodes' event listeners); returns how many there were.</summary>
    private static async Task<int> TerminateListenersAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'",
            connection);
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<int> ListenerCountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'", connection);
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task AppendWithoutNotifyAsync(string connectionString, string type, string mcpId, string data)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            WITH counter AS (UPDATE router_event_log_counter SET value = value + 1 RETURNING value)
            INSERT INTO router_event_log (sequence, type, mcp_id, instance_id, version, time, data)
            SELECT counter.value, @type, @mcp_id, NULL, '1.0.0', now(), convert_to(@data, 'UTF8') FROM counter
            """,
            connection);
        command.Parameters.AddWithValue("type", type);
        command.Parameters.AddWithValue("mcp_id", mcpId);
        command.Parameters.AddWithValue("data", data);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
