using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Mcp;

/// <summary>
/// The MCP endpoints read <c>Router:Mcp</c> on first use, so a bad value there is reported by start-up validation with
/// the other settings (one message, exit code 1) rather than thrown while the endpoints are mapped.
/// </summary>
public sealed class McpStartupFailureTests
{
    [Theory]
    [InlineData("--Router:Mcp:MaxSessions=0", "Router:Mcp:MaxSessions")]
    [InlineData("--Router:Mcp:SessionIdleTimeout=00:00:00", "Router:Mcp:SessionIdleTimeout")]
    [InlineData("--Router:Mcp:AllowedOrigins:0=https://app.example.com/", "Router:Mcp:AllowedOrigins:0")]
    public async Task GatewayProcess_WithInvalidMcpSetting_ExitsWithCode1AndOneCleanMessage(string setting, string expected)
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
    public async Task GatewayProcess_WithInvalidMcpAndOtherSettings_ReportsEveryOne()
    {
        using var workingDirectory = new TempDirectory();

        using var gateway = GatewayProcess.Start(
            workingDirectory.Path,
            ["--urls", $"http://127.0.0.1:{FreePort.Next()}", "--Router:Mcp:MaxSessions=0", "--Router:Silo:MaxActivations=-1"]);
        var exitCode = await gateway.WaitForExitAsync(Bounded.Wait);

        Assert.True(exitCode == 1, $"exit code {exitCode?.ToString() ?? "none (still running)"}; output:{Environment.NewLine}{gateway.Output}");
        Assert.Contains("Router:Mcp:MaxSessions", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("Router:Silo:MaxActivations", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", gateway.Output, StringComparison.Ordinal);
    }
}
