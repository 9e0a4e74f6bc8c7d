using Router.Client.Tests.Fixtures;
using Router.Registrar;

namespace Router.Client.Tests.Registrar;

public sealed class RegistrarAppTests : IAsyncLifetime
{
    private FakeRegistryServer _router = null!;

    public async Task InitializeAsync() => _router = await FakeRegistryServer.StartAsync();

    public async Task DisposeAsync() => await _router.DisposeAsync();

    [Fact]
    public async Task RunAsync_BadArguments_PrintsUsageAndExitsWith2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await RegistrarApp.RunAsync(["--router", "http://127.0.0.1:8080", "--mcp-id", "Weather", "--version", "1", "--endpoint", "http://127.0.0.1:9001/mcp"], output, error, _ => null);

        Assert.Equal(2, exitCode);
        Assert.Contains("router-registrar: --mcp-id must match", error.ToString());
        Assert.Contains("Usage: router-registrar --router <url>", error.ToString());
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task RunAsync_LimitOnlyTheOptionsCheck_ExitsWith2NamingTheSetting()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var args = new List<string> { "--router", _router.BaseUrl.ToString(), "--mcp-id", "weather", "--version", "1", "--endpoint", "http://127.0.0.1:9001/mcp", "--metadata" };
        args.AddRange(Enumerable.Range(0, 65).Select(i => $"k{i}=v"));

        var exitCode = await RegistrarApp.RunAsync([.. args], output, error, _ => null);

        Assert.Equal(2, exitCode);
        Assert.Contains("McpRouter:Metadata has 65 entries", error.ToString());
        Assert.Empty(_router.Calls);
    }

    [Fact]
    public async Task RunAsync_Help_PrintsUsageAndExitsWith0()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await RegistrarApp.RunAsync(["--help"], output, error, _ => null);

        Assert.Equal(0, exitCode);
        Assert.Contains("--tools-file <path>", output.ToString());
        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task RunAsync_ValidArguments_RegistersUntilStoppedThenDeregisters()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        string[] args =
        [
            "--router", _router.BaseUrl.ToString(), "--mcp-id", "weather", "--version", "1.2.0",
            "--endpoint", "http://127.0.0.1:9001/mcp", "--instance-id", "weather-a", "--metadata", "zone=eu-1",
        ];

        var running = RegistrarApp.RunAsync(args, output, error, name => name == "ROUTER_API_KEY" ? "env-key" : null, stop.Token);
        var registration = await _router.WaitForCallAsync(RecordedCallKind.Register);
        await stop.CancelAsync();
        var exitCode = await Eventually.Within(running, "the registrar to exit");

        Assert.Equal(0, exitCode);
        Assert.Equal("weather-a", registration.InstanceId);
        Assert.Equal("Bearer env-key", registration.Authorization);
        Assert.Equal("eu-1", registration.Body!.Value.GetProperty("metadata").GetProperty("zone").GetString());
        var deregistration = await _router.WaitForCallAsync(RecordedCallKind.Deregister);
        Assert.Equal("weather-a", deregistration.InstanceId);
        Assert.Equal(204, deregistration.Status);
    }
}
