using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Hosting;

public sealed class StartupFailureTests
{
    [Theory]
    [InlineData("--Router:Storage:Provider=redis", "Router:Storage:Provider 'redis' is not supported")]
    [InlineData("--Router:Events:SubscriberWriteTimeout=soon", "Router:Events:SubscriberWriteTimeout")]
    [InlineData("--Router:Auth:Keys:0:Name=k", "Router:Auth:Keys:0:Hash")]

    // The MCP endpoints read Router:Mcp at first use, so their settings join this validation instead of failing the mapping.
    [InlineData("--Router:Mcp:MaxSessions=0", "Router:Mcp:MaxSessions")]
    [InlineData("--Router:Mcp:SessionIdleTimeout=00:00:00", "Router:Mcp:SessionIdleTimeout")]
    [InlineData("--Router:Mcp:AllowedOrigins:0=https://app.example.com/", "Router:Mcp:AllowedOrigins:0")]
    [InlineData("--Router:Silo:ClassSpecificCollectionAge:mcpinstance=00:00:00", "Router:Silo:ClassSpecificCollectionAge:mcpinstance")]
    public async Task GatewayProcess_WithInvalidConfiguration_ExitsWithCode1AndOneCleanMessage(string setting, string expected)
    {
        using var workingDirectory = new TempDirectory();

        using var gateway = GatewayProcess.Start(workingDirectory.Path, ["--urls", $"http://127.0.0.1:{FreePort.Next()}", setting]);
        var exitCode = await gateway.WaitForExitAsync(Bounded.Wait);

        Assert.True(exitCode == 1, $"exit code {exitCode?.ToString() ?? "none (still running)"}; output:{Environment.NewLine}{gateway.Output}");
        Assert.Contains(expected, gateway.Output, StringComparison.Ordinal);
        Assert.Contains("The router node cannot start", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewayProcess_WithSeveralInvalidSettings_ReportsEveryOneAndExitsWithCode1()
    {
        using var workingDirectory = new TempDirectory();

        using var gateway = GatewayProcess.Start(
            workingDirectory.Path,
            ["--urls", $"http://0.0.0.0:{FreePort.Next()}", "--Router:Storage:Provider=redis", "--Router:Silo:MaxActivations=-1", "--Router:Mcp:MaxSessions=0"]);
        var exitCode = await gateway.WaitForExitAsync(Bounded.Wait);

        Assert.True(exitCode == 1, $"exit code {exitCode?.ToString() ?? "none (still running)"}; output:{Environment.NewLine}{gateway.Output}");
        Assert.Contains("Router:Storage:Provider", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("Router:Silo:MaxActivations", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("Router:Auth:Keys is empty", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("Router:Mcp:MaxSessions", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", gateway.Output, StringComparison.Ordinal);
    }
}
