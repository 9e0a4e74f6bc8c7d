using System.Net;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Router.Gateway.Diagnostics;
using Router.Gateway.Tests.Infrastructure;
using Router.Gateway.Tests.Mcp;
using Router.Silo.Hosting;
using Router.Testing.McpPeers;

namespace Router.Gateway.Tests.Cluster;

/// <summary>
/// MCP agent sessions in a cluster of two nodes on one PostgreSQL database, behind a "load balancer" without affinity: a
/// session opened on one node is served through either, until its node goes away; then it is unknown (404) and the agent
/// starts a new one. A real server-everything is the upstream, a C# SDK client or hand-made requests the agent.
/// </summary>
public sealed class ClusterSessionTests : IAsyncLifetime
{
    private const string ToolsListBody = McpRawCalls.ToolsListBody;
    private ServerEverything? _upstream;
    private TwoNodeCluster? _cluster;

    private TwoNodeCluster Cluster => _cluster!;

    private TestNode A => Cluster.A;

    private TestNode B => Cluster.B;

    public async Task InitializeAsync()
    {
        _upstream = await ServerEverything.StartAsync(ServerEverythingTransport.StreamableHttp);
        _cluster = await TwoNodeCluster.StartAsync(_upstream.Endpoint);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }
    }

    [Fact]
    public async Task Agent_RequestsAlternateBetweenNodes_InitializesCallsGetsProgressAndDeletes()
    {
        var handler = new NodeRotatingHandler([A.BaseAddress, B.BaseAddress]);
        using var http = new HttpClient(handler);
        var progress = new ProgressRecorder();
        var client = await McpClient.CreateAsync(
            new HttpClientTransport(
                new HttpClientTransportOptions
                {
                    Endpoint = new Uri(A.BaseAddress, TwoNodeCluster.AppPath),
                    AdditionalHeaders = new Dictionary<string, string> { ["X-Api-Key"] = TwoNodeCluster.AgentAKey },
                },
                http),
            progress.ClientOptions("2025-11-25"));
        var sessionId = client.SessionId!;
        var owner = TwoNodeCluster.Holds(A, sessionId) ? A : B;
        var other = owner == A ? B : A;
        try
        {
            Assert.False(TwoNodeCluster.Holds(other, sessionId));
            Assert.Contains(await client.ListToolsAsync(), t => t.Name == "echo");
            for (var i = 1; i <= 4; i++)
            {
                var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = $"call {i}" });
                Assert.Equal($"Echo: call {i}", Assert.IsType<TextContentBlock>(Assert.Single(echo.Content)).Text);
            }

            var result = await client.CallToolAsync(
                "trigger-long-running-operation", new Dictionary<string, object?> { ["duration"] = 0.3, ["steps"] = 3 }, new Progress<ProgressNotificationValue>());
            Assert.NotEqual(true, result.IsError);
            await Bounded.UntilAsync(() => progress.Values.Count >= 3, "three progress notifications");
            Assert.Equal([1f, 2f, 3f], progress.Values.Select(v => v.Progress).Order());

            // The session's DELETE goes through the node that does not hold it.
            handler.PinnedTo = owner == A ? 1 : 0;
        }
        finally
        {
            await client.DisposeAsync();
        }

        var sent = handler.Sent.ToList();
        var otherIndex = owner == A ? 1 : 0;
        Assert.Contains(sent, s => s.InSession && s.Method == HttpMethod.Post && s.Node == otherIndex);
        Assert.All(sent.Where(s => s.Method == HttpMethod.Post), s => Assert.True(s.Status is HttpStatusCode.OK or HttpStatusCode.Accepted, $"a POST got {s.Status}"));
        Assert.Contains(sent, s => s.Method == HttpMethod.Delete && s.Node == otherIndex && s.Status == HttpStatusCode.OK);
        Assert.False(TwoNodeCluster.Holds(owner, sessionId));
    }

    [Fact]
    public async Task SessionId_InACluster_NamesItsNodeInVisibleAscii()
    {
        var sessionId = await TwoNodeCluster.InitializeAsync(A, TwoNodeCluster.AgentAKey, TwoNodeCluster.AppPath);
        var other = await TwoNodeCluster.InitializeAsync(B, TwoNodeCluster.AgentAKey, TwoNodeCluster.AppPath);

        Assert.Matches("^[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{11}$", sessionId);
        Assert.All(sessionId, c => Assert.InRange(c, '\x21', '\x7E'));
        Assert.NotEqual(sessionId[..22], other[..22]);
        Assert.NotEqual(sessionId[23..], other[23..]);
        Assert.True(TwoNodeCluster.Holds(A, sessionId));
        Assert.True(TwoNodeCluster.Holds(B, other));
    }

    [Fact]
    public async Task StandaloneStream_OpenedThroughTheOtherNode_ReceivesToolsListChanged()
    {
        var sessionId = await TwoNodeCluster.InitializeAsync(A, TwoNodeCluster.AgentAKey, TwoNodeCluster.AppPath);
        using (var listed = await TwoNodeCluster.SendAsync(B, TwoNodeCluster.AgentAKey, ToolsListBody, sessionId, TwoNodeCluster.AppPath))
        {
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            Assert.Contains("\"echo\"", await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var get = TwoNodeCluster.Request(HttpMethod.Get, B, TwoNodeCluster.AgentAKey, sessionId, TwoNodeCluster.AppPath);

        // As on one node, the stream's headers come with its first event: open it, then make the event.
        var opening = B.Client.SendAsync(get, HttpCompletionOption.ResponseHeadersRead);
        await Bounded.UntilAsync(() => TwoNodeCluster.Session(A, sessionId) is { HasGetStream: true }, "the stream open on the session's node");
        await Cluster.RegisterAsync(_upstream!.Endpoint, "i2", "2.0.0");
        using var stream = await opening.WaitAsync(Bounded.Wait);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        Assert.Equal(sessionId, Assert.Single(stream.Headers.GetValues("Mcp-Session-Id")));

        using var reader = new SseReader(await stream.Content.ReadAsStreamAsync());
        using var deadline = new CancellationTokenSource(Bounded.Wait);
        SseFrame? frame;
        do
        {
            frame = await reader.ReadAsync(includeComments: false, deadline.Token);
            Assert.NotNull(frame);
        }
        while (!frame.Data.Contains("notifications/tools/list_changed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForwardedCall_StreamsEventByEventAndTheAgentsAbortReachesTheOwner()
    {
        var sessionId = await TwoNodeCluster.InitializeAsync(A, TwoNodeCluster.AgentAKey, TwoNodeCluster.AppPath);
        const string LongCall = """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"trigger-long-running-operation","arguments":{"duration":30,"steps":30},"_meta":{"progressToken":"p7"}}}""";
        using var request = TwoNodeCluster.Post(B, TwoNodeCluster.AgentAKey, LongCall, sessionId, TwoNodeCluster.AppPath);
        var response = await B.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        try
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
            using var deadline = new CancellationTokenSource(Bounded.Wait);

            // Two progress events, one a second, arrive while the call has 28 seconds to go: nothing is buffered.
            for (var i = 0; i < 2; i++)
            {
                var frame = await reader.ReadAsync(includeComments: false, deadline.Token);
                Assert.NotNull(frame);
                Assert.Contains("notifications/progress", frame.Data, StringComparison.Ordinal);
            }

            Assert.True(TwoNodeCluster.Session(A, sessionId)?.InUse);
        }
        finally
        {
            response.Dispose();
        }

        await Bounded.UntilAsync(() => TwoNodeCluster.Session(A, sessionId) is { InUse: false }, "the owner ending the call the agent left");
        using var after = await TwoNodeCluster.SendAsync(B, TwoNodeCluster.AgentAKey, ToolsListBody, sessionId, TwoNodeCluster.AppPath);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task OwnerStopped_SessionThroughTheSurvivor_Gets404AndANewSessionWorks()
    {
        var sessionId = await TwoNodeCluster.InitializeAsync(A, TwoNodeCluster.AgentAKey, TwoNodeCluster.AppPath);
        using (var before = await TwoNodeCluster.SendAsync(B, TwoNodeCluster.AgentAKey, ToolsListBody, sessionId, TwoNodeCluster.AppPath))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await Cluster.StopAsync(A);

        using var after = await TwoNodeCluster.SendAsync(B, TwoNodeCluster.AgentAKey, ToolsListBody, sessionId, TwoNodeCluster.AppPath);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal(-32001, await McpRawCalls.ErrorCodeAsync(after));
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
        {
            using var request = TwoNodeCluster.Request(method, B, TwoNodeCluster.AgentAKey, sessionId, TwoNodeCluster.AppPath);
            using var response = await B.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(-32001, await McpRawCalls.ErrorCodeAsync(response));
        }

        var fresh = await TwoNodeCluster.InitializeAsync(B, TwoNodeCluster.AgentAKey, TwoNodeCluster.AppPath);
        using var call = await TwoNodeCluster.SendAsync(
            B, TwoNodeCluster.AgentAKey, """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"message":"survived"}}}""",
            fresh, TwoNodeCluster.AppPath);
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.Contains("Echo: survived", await call.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OwnerFenced_SessionThroughTheOtherNode_Gets404()
    {
        // A node cut off from the membership table fences itself after FenceTimeout; it is declared dead only after
        // DeathTimeout, so meanwhile the other node still sees it active and forwards to it. The fence timeout is short
        // to keep the test short, yet long enough that a busy machine's slow round does not fence a node by itself.
        await Cluster.DisposeAsync();
        var logs = new LogRecorder();
        _cluster = await TwoNodeCluster.StartAsync(
            _upstream!.Endpoint,
            logs,
            ["Router:Cluster:Membership:RenewPeriod=00:00:00.250", "Router:Cluster:Membership:FenceTimeout=00:00:02", "Router:Cluster:Membership:DeathTimeout=00:01:00"]);
        var sessionId = await TwoNodeCluster.InitializeAsync(A, TwoNodeCluster.AgentAKey, TwoNodeCluster.AppPath);

        await Cluster.CutOffAsync(A);
        await Bounded.UntilAsync(() => !A.App.Services.GetRequiredService<ISiloStatus>().IsServing, "A fenced");

        using var response = await TwoNodeCluster.SendAsync(B, TwoNodeCluster.AgentAKey, ToolsListBody, sessionId, TwoNodeCluster.AppPath);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(-32001, await McpRawCalls.ErrorCodeAsync(response));
        await logs.WaitForAsync(GatewayEventIds.SessionForwarding.OwnerFenced);
    }

    [Fact]
    public async Task SessionId_ForgedOrUnknown_Gets404NeverAServerError()
    {
        var real = await TwoNodeCluster.InitializeAsync(A, TwoNodeCluster.AgentAKey, TwoNodeCluster.AppPath);
        var tagOfA = real[(real.LastIndexOf('.') + 1)..];
        string[] forged =
        [
            $"{Guid.NewGuid():N}"[..22] + ".AAAAAAAAAAA",
            $"{Guid.NewGuid():N}"[..22] + "." + tagOfA,
            "." + tagOfA,
            "x." + tagOfA,
            real + "x",
            "...........",
            new string('a', 500) + "." + tagOfA,
            "!#$%&'()*+,-./:;<=>?@[]^_`{|}~",
        ];

        foreach (var sessionId in forged)
        {
            using var post = await TwoNodeCluster.SendAsync(B, TwoNodeCluster.AgentAKey, ToolsListBody, sessionId, TwoNodeCluster.AppPath);
            Assert.True(post.StatusCode == HttpStatusCode.NotFound, $"POST with {sessionId} got {post.StatusCode}");
            Assert.Equal(-32001, await McpRawCalls.ErrorCodeAsync(post));
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
            {
                using var request = TwoNodeCluster.Request(method, B, TwoNodeCluster.AgentAKey, sessionId, TwoNodeCluster.AppPath);
                using var response = await B.Client.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} with {sessionId} got {response.StatusCode}");
            }
        }

        Assert.True(TwoNodeCluster.Holds(A, real));
    }

    [Fact]
    public async Task Session_UsedWithAnotherKeyThroughTheOtherNode_Gets404LikeOnOneNode()
    {
        var sessionId = await TwoNodeCluster.InitializeAsync(A, TwoNodeCluster.AgentAKey, TwoNodeCluster.AppPath);

        using var withB = await TwoNodeCluster.SendAsync(B, TwoNodeCluster.AgentBKey, ToolsListBody, sessionId, TwoNodeCluster.AppPath);
        using var unknown = await TwoNodeCluster.SendAsync(B, TwoNodeCluster.AgentBKey, ToolsListBody, "no-such-session", TwoNodeCluster.AppPath);
        Assert.Equal(HttpStatusCode.NotFound, withB.StatusCode);
        Assert.Equal(-32001, await McpRawCalls.ErrorCodeAsync(withB));
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await withB.Content.ReadAsStringAsync());
        Assert.False(withB.Headers.Contains("Mcp-Session-Id"));
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
        {
            using var request = TwoNodeCluster.Request(method, B, TwoNodeCluster.AgentBKey, sessionId, TwoNodeCluster.AppPath);
            using var response = await B.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.True(TwoNodeCluster.Holds(A, sessionId));
        using var withA = await TwoNodeCluster.SendAsync(B, TwoNodeCluster.AgentAKey, ToolsListBody, sessionId, TwoNodeCluster.AppPath);
        Assert.Equal(HttpStatusCode.OK, withA.StatusCode);
    }

    [Fact]
    public async Task CallerHeader_SentToThePublicPort_IsIgnored()
    {
        var sessionId = await TwoNodeCluster.InitializeAsync(A, TwoNodeCluster.AgentAKey, TwoNodeCluster.AppPath);

        foreach (var node in new[] { A, B })
        {
            using var asB = TwoNodeCluster.Request(HttpMethod.Post, node, TwoNodeCluster.AgentBKey, sessionId, TwoNodeCluster.AppPath);
            asB.Content = new StringContent(ToolsListBody, System.Text.Encoding.UTF8, "application/json");
            asB.Headers.Add("Router-Caller", "agent-a");
            using var claimed = await node.Client.SendAsync(asB);
            Assert.Equal(HttpStatusCode.NotFound, claimed.StatusCode);

            using var anonymous = McpRawCalls.Post(new Uri(node.BaseAddress, TwoNodeCluster.AppPath), ToolsListBody, sessionId);
            anonymous.Headers.Add("Router-Caller", "agent-a");
            using var unauthenticated = await node.Client.SendAsync(anonymous);
            Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);

            using var internalPath = TwoNodeCluster.Post(node, TwoNodeCluster.AgentBKey, ToolsListBody, sessionId, "/internal/v1/mcp" + TwoNodeCluster.AppPath);
            internalPath.Headers.Add("Router-Caller", "agent-a");
            using var notServed = await node.Client.SendAsync(internalPath);
            Assert.Equal(HttpStatusCode.NotFound, notServed.StatusCode);
            Assert.Equal("application/problem+json", notServed.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task ForwardedRequest_NodeDoesNotHoldTheSession_AnswersUnknownAndNeverForwardsAgain()
    {
        var sessionId = await TwoNodeCluster.InitializeAsync(A, TwoNodeCluster.AgentAKey, TwoNodeCluster.AppPath);
        using var h2c = new HttpClient();

        HttpRequestMessage Forwarded(TestNode to)
        {
            var request = McpRawCalls.Post(
                new Uri($"http://127.0.0.1:{TwoNodeCluster.InternalPort(to)}/internal/v1/mcp{TwoNodeCluster.AppPath}"), ToolsListBody, sessionId);
            request.Headers.Add("Router-Caller", "agent-a");
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
            return request;
        }

        using var toB = await h2c.SendAsync(Forwarded(B));
        using var toA = await h2c.SendAsync(Forwarded(A));

        Assert.Equal(HttpStatusCode.NotFound, toB.StatusCode);
        Assert.Equal(-32001, await McpRawCalls.ErrorCodeAsync(toB));
        Assert.Equal(HttpStatusCode.OK, toA.StatusCode);
        Assert.Contains("\"echo\"", await toA.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AggregateSession_UsedThroughTheOtherNode_ListsNamespacedTools()
    {
        var sessionId = await TwoNodeCluster.InitializeAsync(A, TwoNodeCluster.AgentAKey, "/v1/mcp/mcp");

        using var listed = await TwoNodeCluster.SendAsync(B, TwoNodeCluster.AgentAKey, ToolsListBody, sessionId, "/v1/mcp/mcp");

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Contains($"{TwoNodeCluster.McpId}__echo", await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LegacySseAgent_MessagesAlternateBetweenNodes_AreAnsweredOnItsStream()
    {
        var handler = new NodeRotatingHandler([A.BaseAddress, B.BaseAddress]);
        using var http = new HttpClient(handler);
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(
                new HttpClientTransportOptions
                {
                    Endpoint = new Uri(A.BaseAddress, $"/v1/mcp/app/{TwoNodeCluster.McpId}/sse"),
                    TransportMode = HttpTransportMode.Sse,
                    AdditionalHeaders = new Dictionary<string, string> { ["X-Api-Key"] = TwoNodeCluster.AgentAKey },
                },
                http));

        Assert.Contains(await client.ListToolsAsync(), t => t.Name == "echo");
        for (var i = 1; i <= 3; i++)
        {
            var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = $"legacy {i}" });
            Assert.Equal($"Echo: legacy {i}", Assert.IsType<TextContentBlock>(Assert.Single(echo.Content)).Text);
        }

        var sent = handler.Sent.ToList();
        var streamNode = Assert.Single(sent, s => s.Method == HttpMethod.Get).Node;
        Assert.Contains(sent, s => s.Method == HttpMethod.Post && s.InSession && s.Node != streamNode && s.Status == HttpStatusCode.Accepted);
        Assert.All(sent.Where(s => s.Method == HttpMethod.Post), s => Assert.Equal(HttpStatusCode.Accepted, s.Status));
    }

    [Fact]
    public async Task SingleNode_SessionIds_AreRandomOnlyAsBefore()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");

        var sessionId = await McpRawCalls.InitializeAsync(node.Client, new Uri(node.BaseAddress, "/v1/mcp/mcp"));

        Assert.Matches("^[A-Za-z0-9_-]{22}$", sessionId);
    }
}
