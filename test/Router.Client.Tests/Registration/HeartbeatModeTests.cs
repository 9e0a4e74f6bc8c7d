using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Router.Client.Tests.Fixtures;

namespace Router.Client.Tests.Registration;

public sealed class HeartbeatModeTests : IAsyncLifetime
{
    private const int StatusCodesCreated = 201;

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>Past the longest jittered interval (+10 %).</summary>
    private static readonly TimeSpan PastInterval = TimeSpan.FromSeconds(11.5);

    /// <summary>
    /// A step short of the first retry's shortest delay (0.5 s): a heartbeat that fails within a step cannot have its
    /// retry fire in the same step.
    /// </summary>
    private static readonly TimeSpan HalfMinimumBackoff = TimeSpan.FromSeconds(0.25);

    private FakeRegistryServer _router = null!;

    public async Task InitializeAsync() => _router = await FakeRegistryServer.StartAsync();

    public async Task DisposeAsync() => await _router.DisposeAsync();

    [Fact]
    public async Task Start_HostStarted_RegistersWithDocumentedBody()
    {
        var schema = JsonElement.Parse("""{"type":"object","properties":{"city":{"type":"string"}}}""");
        await using var host = RegistrationHost.Create(_router, options =>
        {
            options.ApiKey = "secret-key";
            options.Metadata["zone"] = "eu-1";
            options.Tools.Add(new McpRouterTool { Name = "forecast", Description = "Forecast for a city", InputSchema = schema });
            options.Tools.Add(new McpRouterTool { Name = "ping" });
        });

        await host.StartRegisteredAsync();

        var call = Assert.Single(_router.Calls);
        Assert.Equal(RecordedCallKind.Register, call.Kind);
        Assert.Equal("weather", call.McpId);
        Assert.Equal(StatusCodesCreated, call.Status);
        Assert.Equal("Bearer secret-key", call.Authorization);
        var body = call.Body!.Value;
        Assert.Equal("1.2.0", body.GetProperty("version").GetString());
        Assert.Equal("http://127.0.0.1:9001/mcp", body.GetProperty("endpoint").GetString());
        Assert.Equal("streamable-http", body.GetProperty("transport").GetString());
        Assert.Equal(10, body.GetProperty("heartbeatIntervalSeconds").GetInt32());
        // None configured: the client sends an id of its own, so that a registration cut off by a shutdown can be undone.
        Assert.Matches("^[0-9a-f]{32}$", body.GetProperty("instanceId").GetString());
        Assert.Equal("eu-1", body.GetProperty("metadata").GetProperty("zone").GetString());
        var tools = body.GetProperty("tools").EnumerateArray().ToList();
        Assert.Equal(2, tools.Count);
        Assert.Equal("forecast", tools[0].GetProperty("name").GetString());
        Assert.Equal("Forecast for a city", tools[0].GetProperty("description").GetString());
        Assert.Equal("string", tools[0].GetProperty("inputSchema").GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
        Assert.Equal("object", tools[1].GetProperty("inputSchema").GetProperty("type").GetString());
        Assert.True(host.Registration.IsRegistered);
        Assert.Equal(call.InstanceId, host.Registration.InstanceId);
        Assert.Null(host.Registration.LastError);
    }

    [Fact]
    public async Task Start_ConfiguredInstanceIdAndSse_SendsBoth()
    {
        await using var host = RegistrationHost.Create(_router, options =>
        {
            options.InstanceId = "weather-a";
            options.Transport = McpRouterTransport.Sse;
            options.HeartbeatInterval = TimeSpan.FromSeconds(2.5);
        });

        await host.StartRegisteredAsync();

        var body = (await _router.WaitForCallAsync(RecordedCallKind.Register)).Body!.Value;
        Assert.Equal("weather-a", body.GetProperty("instanceId").GetString());
        Assert.Equal("sse", body.GetProperty("transport").GetString());
        Assert.Equal(3, body.GetProperty("heartbeatIntervalSeconds").GetInt32());
        Assert.Equal("weather-a", host.Registration.InstanceId);
    }

    [Fact]
    public async Task Heartbeat_IntervalElapses_RenewsOncePerInterval()
    {
        await using var host = RegistrationHost.Create(_router, options => options.HeartbeatInterval = Interval);
        await host.StartRegisteredAsync();
        var instanceId = host.Registration.InstanceId;

        await host.WaitForTimerAsync();
        host.Time.Advance(TimeSpan.FromSeconds(8.5));
        Assert.Equal(0, _router.Count(RecordedCallKind.Heartbeat));

        host.Time.Advance(TimeSpan.FromSeconds(3));
        var first = await _router.WaitForCallAsync(RecordedCallKind.Heartbeat, 1);
        await host.WaitForTimerAsync();
        host.Time.Advance(PastInterval);
        var second = await _router.WaitForCallAsync(RecordedCallKind.Heartbeat, 2);

        Assert.All([first, second], call =>
        {
            Assert.Equal(instanceId, call.InstanceId);
            Assert.Equal(204, call.Status);
            Assert.Null(call.Body);
        });
        Assert.Equal(1, _router.Count(RecordedCallKind.Register));
        Assert.True(host.Registration.IsRegistered);
    }

    [Fact]
    public async Task Heartbeat_WithLoadReporter_SendsInFlightCalls()
    {
        await using var host = RegistrationHost.Create(
            _router, services: services => services.AddSingleton<IMcpRouterLoadReporter>(new FixedLoad(new McpRouterLoad(3, 16))));
        await host.StartRegisteredAsync();

        await host.WaitForTimerAsync();
        host.Time.Advance(PastInterval);
        var heartbeat = await _router.WaitForCallAsync(RecordedCallKind.Heartbeat);

        Assert.Equal(3, heartbeat.Body!.Value.GetProperty("inFlightCalls").GetInt32());
        Assert.Equal(16, heartbeat.Body!.Value.GetProperty("maxConcurrentCalls").GetInt32());
    }

    [Fact]
    public async Task Heartbeat_InstanceUnknown_ReRegistersAtOnceWithSameInstanceId()
    {
        await using var host = RegistrationHost.Create(_router);
        await host.StartRegisteredAsync();
        var generatedId = host.Registration.InstanceId;
        Assert.NotNull(generatedId);

        _router.ForgetAll();
        await host.WaitForTimerAsync();
        host.Time.Advance(PastInterval);
        var heartbeat = await _router.WaitForCallAsync(RecordedCallKind.Heartbeat);
        var reRegistration = await _router.WaitForCallAsync(RecordedCallKind.Register, 2);

        Assert.Equal(404, heartbeat.Status);
        Assert.Equal(generatedId, reRegistration.Body!.Value.GetProperty("instanceId").GetString());
        Assert.Equal(StatusCodesCreated, reRegistration.Status);
        await Eventually.Within(host.Registration.WaitForRegistrationAsync(), "registered again");
        Assert.Equal(generatedId, host.Registration.InstanceId);
        Assert.True(_router.Knows(generatedId));
    }

    [Fact]
    public async Task Register_RouterUnavailable_BacksOffExponentiallyThenRecovers()
    {
        _router.FailRegistrations(2, status: 503);
        await using var host = RegistrationHost.Create(_router);

        await host.Host.StartAsync();
        await _router.WaitForCallAsync(RecordedCallKind.Register, 1);
        await host.WaitForTimerAsync();
        Assert.False(host.Registration.IsRegistered);
        var error = Assert.IsType<HttpRequestException>(host.Registration.LastError);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);

        // First retry: nominal 1 s, jittered into [0.5 s, 1 s].
        host.Time.Advance(TimeSpan.FromSeconds(1));
        await _router.WaitForCallAsync(RecordedCallKind.Register, 2);
        await host.WaitForTimerAsync();

        // Second retry: nominal 2 s, jittered into [1 s, 2 s]; not yet after 0.9 s.
        host.Time.Advance(TimeSpan.FromSeconds(0.9));
        Assert.Equal(2, _router.Count(RecordedCallKind.Register));
        host.Time.Advance(TimeSpan.FromSeconds(1.1));
        var third = await _router.WaitForCallAsync(RecordedCallKind.Register, 3);

        Assert.Equal(StatusCodesCreated, third.Status);
        await Eventually.Within(host.Registration.WaitForRegistrationAsync(), "registered after the outage");
        Assert.Null(host.Registration.LastError);
    }

    [Fact]
    public async Task Heartbeat_ServerError_BacksOffThenReRegistersAndResumes()
    {
        await using var host = RegistrationHost.Create(_router);
        await host.StartRegisteredAsync();
        var instanceId = host.Registration.InstanceId;
        _router.FailHeartbeats(1, status: 503);

        await host.WaitForTimerAsync();
        host.AdvanceUntilTimerFires(HalfMinimumBackoff, PastInterval);
        Assert.Equal(503, (await _router.WaitForCallAsync(RecordedCallKind.Heartbeat, 1)).Status);
        await host.WaitForTimerAsync();
        Assert.Equal(1, _router.Count(RecordedCallKind.Register));

        host.Time.Advance(TimeSpan.FromSeconds(1));
        var reRegistration = await _router.WaitForCallAsync(RecordedCallKind.Register, 2);
        Assert.Equal(instanceId, reRegistration.Body!.Value.GetProperty("instanceId").GetString());
        Assert.Equal(200, reRegistration.Status);

        await host.WaitForTimerAsync();
        host.Time.Advance(PastInterval);
        Assert.Equal(204, (await _router.WaitForCallAsync(RecordedCallKind.Heartbeat, 2)).Status);
    }

    [Fact]
    public async Task Heartbeat_ConnectionDropped_BacksOffThenReRegisters()
    {
        await using var host = RegistrationHost.Create(_router);
        await host.StartRegisteredAsync();
        _router.FailHeartbeats(1, status: 0);

        await host.WaitForTimerAsync();
        host.AdvanceUntilTimerFires(HalfMinimumBackoff, PastInterval);
        await _router.WaitForCallAsync(RecordedCallKind.Heartbeat, 1);
        await host.WaitForTimerAsync();
        var error = Assert.IsType<HttpRequestException>(host.Registration.LastError);
        Assert.Null(error.StatusCode);
        Assert.False(host.Registration.IsRegistered);

        host.Time.Advance(TimeSpan.FromSeconds(1));
        await _router.WaitForCallAsync(RecordedCallKind.Register, 2);
        await Eventually.Within(host.Registration.WaitForRegistrationAsync(), "registered again");
    }

    [Fact]
    public async Task StateChanged_Registered_RaisedWithRegisteredState()
    {
        await using var host = RegistrationHost.Create(_router);
        var seen = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Registration.StateChanged += (sender, _) => seen.TrySetResult(((IMcpRouterRegistration)sender!).IsRegistered);

        await host.Host.StartAsync();

        Assert.True(await Eventually.Within(seen.Task, "a StateChanged event"));
    }

    private sealed class FixedLoad(McpRouterLoad load) : IMcpRouterLoadReporter
    {
        public McpRouterLoad GetLoad() => load;
    }
}
