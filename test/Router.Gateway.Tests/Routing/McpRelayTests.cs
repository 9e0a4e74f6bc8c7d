using System.Net;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Router.Gateway.Tests.Infrastructure;
using Router.Testing.McpPeers;

#pragma warning disable MCP9005 // Sampling is deprecated from 2026-07-28; the router relays it for earlier revisions.

namespace Router.Gateway.Tests.Routing;

/// <summary>
/// What flows through the router between a C# agent and a real server-everything: prompts, resources, completion,
/// progress, cancellation, server-to-client sampling, upstream errors, the legacy SSE and aggregate endpoints and the
/// catalog REST API. Each protocol case runs with the default client (2026-07-28, session-less) and one pinned to 2025-11-25.
/// </summary>
public sealed class McpRelayTests(RoutingNodeFixture fixture) : IClassFixture<RoutingNodeFixture>
{
    public static TheoryData<string?> ProtocolVersions => new() { null, "2025-11-25" };

    public static TheoryData<string, string?> UpstreamsAndProtocolVersions => new()
    {
        { RoutingNodeFixture.McpId, null },
        { RoutingNodeFixture.McpId, "2025-11-25" },
        { RoutingNodeFixture.SseMcpId, null },
        { RoutingNodeFixture.SseMcpId, "2025-11-25" },
    };

    [Theory]
    [MemberData(nameof(UpstreamsAndProtocolVersions))]
    public async Task AgentEndpoint_ResourcesPromptsAndArithmetic_PassThrough(string mcpId, string? protocolVersion)
    {
        await using var client = await ConnectAsync(Endpoint(mcpId), protocolVersion);

        var resources = await client.ListResourcesAsync();
        Assert.NotEmpty(resources);
        var read = await client.ReadResourceAsync(resources[0].Uri);
        Assert.NotEmpty(read.Contents);
        Assert.NotEmpty(await client.ListResourceTemplatesAsync());

        var prompts = await client.ListPromptsAsync();
        Assert.Contains(prompts, p => p.Name == "simple-prompt");
        var prompt = await client.GetPromptAsync("simple-prompt");
        Assert.NotEmpty(prompt.Messages);

        var sum = await client.CallToolAsync("get-sum", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3 });
        Assert.Contains("5", Assert.IsType<TextContentBlock>(Assert.Single(sum.Content)).Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UpstreamsAndProtocolVersions))]
    public async Task AgentEndpoint_LongRunningTool_ProgressReachesAgent(string mcpId, string? protocolVersion)
    {
        var progress = new ProgressRecorder();
        var options = progress.ClientOptions(protocolVersion);
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = Endpoint(mcpId) }), options);

        var result = await client.CallToolAsync(
            "trigger-long-running-operation", new Dictionary<string, object?> { ["duration"] = 0.3, ["steps"] = 3 }, new Progress<ProgressNotificationValue>());

        Assert.NotEqual(true, result.IsError);
        await Bounded.UntilAsync(() => Task.FromResult(progress.Values.Count >= 3), "three progress notifications");
        Assert.Equal([1f, 2f, 3f], progress.Values.Select(v => v.Progress).Order());
        Assert.All(progress.Values, v => Assert.Equal(3f, v.Total));
    }

    [Theory]
    [MemberData(nameof(UpstreamsAndProtocolVersions))]
    public async Task AgentEndpoint_CancelledCall_EndsAndRouterKeepsServing(string mcpId, string? protocolVersion)
    {
        await using var client = await ConnectAsync(Endpoint(mcpId), protocolVersion);
        var progress = new ProgressRecorder();
        using var cancel = new CancellationTokenSource();
        progress.OnFirst = cancel.Cancel;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CallToolAsync(
            "trigger-long-running-operation", new Dictionary<string, object?> { ["duration"] = 20, ["steps"] = 20 }, progress, cancellationToken: cancel.Token).AsTask());

        var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "after cancel" });
        Assert.Equal("Echo: after cancel", Assert.IsType<TextContentBlock>(Assert.Single(echo.Content)).Text);
    }

    [Theory]
    [MemberData(nameof(ProtocolVersions))]
    public async Task AgentEndpoint_UpstreamRejectsRequest_AgentGetsUpstreamError(string? protocolVersion)
    {
        await using var client = await ConnectAsync(Endpoint(), protocolVersion);

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.GetPromptAsync("no-such-prompt").AsTask());

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains("no-such-prompt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentEndpoint_AgentAnswersSampling_UpstreamRequestIsRelayed()
    {
        var options = new McpClientOptions
        {
            ProtocolVersion = "2025-11-25",
            Handlers = new McpClientHandlers
            {
                SamplingHandler = (request, _, _) => ValueTask.FromResult(new CreateMessageResult
                {
                    Model = "agent-model",
                    Role = Role.Assistant,
                    Content = [new TextContentBlock { Text = "sampled by the agent" }],
                }),
            },
        };
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = Endpoint() }), options);

        var tools = await client.ListToolsAsync();
        Assert.Contains(tools, t => t.Name == "trigger-sampling-request");
        var result = await client.CallToolAsync("trigger-sampling-request", new Dictionary<string, object?> { ["prompt"] = "hello" });

        Assert.Contains("sampled by the agent", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentEndpoint_AgentAnswersElicitation_UpstreamRequestIsRelayed()
    {
        var asked = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new McpClientOptions
        {
            ProtocolVersion = "2025-11-25",
            Handlers = new McpClientHandlers
            {
                ElicitationHandler = (request, _) =>
                {
                    asked.TrySetResult(request?.Message);
                    return ValueTask.FromResult(new ElicitResult { Action = "decline" });
                },
            },
        };
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = Endpoint() }), options);

        var result = await client.CallToolAsync("trigger-elicitation-request");

        Assert.Equal("Please provide inputs for the following fields:", await asked.Task.WaitAsync(Bounded.Wait));
        Assert.Contains("decline", string.Join('\n', result.Content.OfType<TextContentBlock>().Select(c => c.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentEndpoint_AgentOffersRoots_UpstreamListsThem()
    {
        var options = new McpClientOptions
        {
            ProtocolVersion = "2025-11-25",
            Handlers = new McpClientHandlers
            {
                RootsHandler = (_, _) => ValueTask.FromResult(new ListRootsResult { Roots = [new Root { Uri = "file:///work/agent-root", Name = "agent-root" }] }),
            },
        };
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = Endpoint() }), options);

        var result = await client.CallToolAsync("get-roots-list");

        Assert.Contains("file:///work/agent-root", string.Join('\n', result.Content.OfType<TextContentBlock>().Select(c => c.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentEndpoint_ResourceSubscription_UpdatesReachTheSubscriber()
    {
        var updated = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new McpClientOptions
        {
            ProtocolVersion = "2025-11-25",
            Handlers = new McpClientHandlers
            {
                NotificationHandlers = [new(NotificationMethods.ResourceUpdatedNotification, (notification, _) =>
                {
                    updated.TrySetResult(notification.Params?["uri"]?.GetValue<string>());
                    return ValueTask.CompletedTask;
                })],
            },
        };
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = Endpoint() }), options);
        var uri = (await client.ListResourcesAsync())[0].Uri;

        await client.SubscribeToResourceAsync(uri);
        await client.CallToolAsync("toggle-subscriber-updates");

        Assert.Equal(uri, await updated.Task.WaitAsync(Bounded.Wait));
        await client.CallToolAsync("toggle-subscriber-updates");
        await client.UnsubscribeFromResourceAsync(uri);
    }

    [Theory]
    [MemberData(nameof(ProtocolVersions))]
    public async Task CSharpFixtureUpstream_ToolsProgressPromptAndResource_PassThrough(string? protocolVersion)
    {
        // Progress is counted by a session-wide handler, not the call's own IProgress, which the C# client drops as soon as
        // the result is in (ProgressRecorder): under CI load that lost all three steps of this call once.
        var progress = new ProgressRecorder();
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = Endpoint(RoutingNodeFixture.FixtureMcpId) }), progress.ClientOptions(protocolVersion));

        Assert.Equal(["add", "announce-tools-changed", "echo", "slow"], (await client.ListToolsAsync()).Select(t => t.Name).Order());
        Assert.Equal("Echo: fixture", Text(await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "fixture" })));
        Assert.Equal("5", Text(await client.CallToolAsync("add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3 })));
        Assert.Equal("Slept 30 ms in 3 steps", Text(await client.CallToolAsync("slow", new Dictionary<string, object?> { ["durationMs"] = 30, ["steps"] = 3 }, new Progress<ProgressNotificationValue>())));
        var prompt = await client.GetPromptAsync("greeting", new Dictionary<string, object?> { ["name"] = "Ada" });
        Assert.Contains("Hello, Ada!", Assert.IsType<TextContentBlock>(Assert.Single(prompt.Messages).Content).Text, StringComparison.Ordinal);
        var readme = await client.ReadResourceAsync("fixture://readme");
        Assert.StartsWith("The router's MCP test fixture", Assert.IsType<TextResourceContents>(Assert.Single(readme.Contents)).Text, StringComparison.Ordinal);
        await Bounded.UntilAsync(() => Task.FromResult(progress.Values.Count >= 3), "three progress notifications from the fixture");
        Assert.Equal([1f, 2f, 3f], progress.Values.Select(v => v.Progress).Order());
    }

    [Fact]
    public async Task CSharpFixtureUpstream_PlainCallCancelled_EndsAndSessionKeepsServing()
    {
        // No progress token and no client capabilities: the router answers this call without its SDK server and posts it
        // upstream directly, so cancellation takes the router's own path on both sides.
        await using var client = await ConnectAsync(Endpoint(RoutingNodeFixture.FixtureMcpId), "2025-11-25");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var started = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CallToolAsync(
            "slow", new Dictionary<string, object?> { ["durationMs"] = 20_000, ["steps"] = 1 }, cancellationToken: cancel.Token).AsTask());

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), $"the cancelled call took {started.Elapsed}");
        Assert.Equal("Echo: after cancel", Text(await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "after cancel" })));
    }

    [Fact]
    public async Task UpstreamAnnouncesToolsChanged_AttachedAgent_GetsToolsListChanged()
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new McpClientOptions
        {
            ProtocolVersion = "2025-11-25",
            Handlers = new McpClientHandlers
            {
                NotificationHandlers = [new(NotificationMethods.ToolListChangedNotification, (_, _) =>
                {
                    changed.TrySetResult();
                    return ValueTask.CompletedTask;
                })],
            },
        };
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = Endpoint(RoutingNodeFixture.FixtureMcpId) }), options);

        Assert.Equal("announced", Text(await client.CallToolAsync("announce-tools-changed")));

        await changed.Task.WaitAsync(Bounded.Wait);
    }

    [Fact]
    public async Task AgentEndpoint_Completion_PassesThrough()
    {
        await using var client = await ConnectAsync(Endpoint(), "2025-11-25");

        var completion = await client.CompleteAsync(new PromptReference { Name = "completable-prompt" }, "department", "Eng");

        Assert.Equal(["Engineering"], completion.Completion.Values);
    }

    [Fact]
    public async Task AgentEndpoint_LoggingLevelSet_UpstreamLogMessagesReachTheAgent()
    {
        var logged = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new McpClientOptions
        {
            ProtocolVersion = "2025-11-25",
            Handlers = new McpClientHandlers
            {
                NotificationHandlers = [new(NotificationMethods.LoggingMessageNotification, (notification, _) =>
                {
                    logged.TrySetResult(notification.Params?["level"]?.GetValue<string>());
                    return ValueTask.CompletedTask;
                })],
            },
        };
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = Endpoint() }), options);

        await client.SetLoggingLevelAsync(LoggingLevel.Debug);
        await client.CallToolAsync("toggle-simulated-logging");

        Assert.NotNull(await logged.Task.WaitAsync(Bounded.Wait));
        await client.CallToolAsync("toggle-simulated-logging");
    }

    [Fact]
    public async Task LegacySseEndpoint_ListsAndCallsTools()
    {
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(fixture.Node.BaseAddress, $"/v1/mcp/app/{RoutingNodeFixture.McpId}/sse"),
            TransportMode = HttpTransportMode.Sse,
        }));

        Assert.Contains(await client.ListToolsAsync(), t => t.Name == "echo");
        var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "over sse" });
        Assert.Equal("Echo: over sse", Assert.IsType<TextContentBlock>(Assert.Single(echo.Content)).Text);
    }

    [Theory]
    [MemberData(nameof(ProtocolVersions))]
    public async Task AggregateEndpoint_NamespacedTools_ListAndCall(string? protocolVersion)
    {
        await using var client = await ConnectAsync(new Uri(fixture.Node.BaseAddress, "/v1/mcp/mcp"), protocolVersion);

        var tools = await client.ListToolsAsync();
        Assert.Contains(tools, t => t.Name == $"{RoutingNodeFixture.McpId}__echo");
        var echo = await client.CallToolAsync($"{RoutingNodeFixture.McpId}__echo", new Dictionary<string, object?> { ["message"] = "aggregated" });
        Assert.Equal("Echo: aggregated", Assert.IsType<TextContentBlock>(Assert.Single(echo.Content)).Text);

        var unknown = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("nobody__echo").AsTask());
        Assert.Equal(McpErrorCode.InvalidParams, unknown.ErrorCode);
    }

    [Fact]
    public async Task CatalogApi_ListsNamespacedToolsAndExecutes()
    {
        using var list = await fixture.Node.Client.GetAsync("/api/v1/mcp/tools");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var tools = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        Assert.Contains(tools.RootElement.GetProperty("tools").EnumerateArray(), t => t.GetProperty("name").GetString() == $"{RoutingNodeFixture.McpId}__echo");

        using var execute = await fixture.Node.Client.PostAsync(
            $"/api/v1/mcp/tools/{RoutingNodeFixture.McpId}__echo/execute", RegistryCalls.Json("""{"arguments":{"message":"by rest"}}"""));
        Assert.Equal(HttpStatusCode.OK, execute.StatusCode);
        Assert.Contains("Echo: by rest", await execute.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/mcp/tools/nobody__echo/execute", """{"arguments":{}}""", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/mcp/tools/everything__echo/execute", """{"arguments":[1]}""", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/mcp/tools/everything__echo/execute", """{"arguments":""", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/mcp/tools/everything__echo/execute", """{"arguments":{},"session_id":"not-a-session"}""", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/mcp/tools/echo/execute", """{}""", HttpStatusCode.NotFound)]
    public async Task CatalogApi_BadInput_ProblemDetails(string path, string body, HttpStatusCode expected)
    {
        using var response = await fixture.Node.Client.PostAsync(path, RegistryCalls.Json(body));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private Uri Endpoint(string mcpId = RoutingNodeFixture.McpId) => new(fixture.Node.BaseAddress, $"/v1/mcp/app/{mcpId}/mcp");

    private static string? Text(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;

    private static Task<McpClient> ConnectAsync(Uri endpoint, string? protocolVersion) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint }),
            new McpClientOptions { ProtocolVersion = protocolVersion });
}
