using System.Text.Json;
using Router.Testing.McpPeers;

namespace Router.Gateway.Tests.Routing;

/// <summary>
/// The TypeScript SDK's client (from npm) as the agent, through the router to a real server-everything, over both agent
/// transports: tools, arithmetic, progress, cancellation, resources and prompts.
/// </summary>
public sealed class McpTypeScriptRoutingTests(RoutingNodeFixture fixture) : IClassFixture<RoutingNodeFixture>
{
    [Theory]
    [InlineData("streamable", "/v1/mcp/app/everything/mcp")]
    [InlineData("sse", "/v1/mcp/app/everything/sse")]
    public async Task TypeScriptAgent_ThroughRouter_SeesWhatTheUpstreamOffers(string mode, string path)
    {
        var result = await NodeScript.RunAsync("routed-agent.mjs", [new Uri(fixture.Node.BaseAddress, path).ToString(), mode], TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}");
        using var output = JsonDocument.Parse(result.StandardOutput);
        var seen = output.RootElement;
        var tools = seen.GetProperty("tools").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Contains("echo", tools);
        Assert.Contains("get-sum", tools);
        Assert.Contains("trigger-long-running-operation", tools);
        Assert.Equal("Echo: from ts", seen.GetProperty("echo").GetString());
        Assert.Contains("5", seen.GetProperty("sum").GetString(), StringComparison.Ordinal);
        // The router writes all three steps, in order, before the answer (the agent records what arrived before the answer).
        var progress = seen.GetProperty("progress").EnumerateArray().Select(p => p.GetDouble()).ToList();
        Assert.Equal([1d, 2d, 3d], progress);
        Assert.True(seen.GetProperty("resources").GetInt32() > 0);
        Assert.True(seen.GetProperty("resourceTextLength").GetInt32() > 0);
        Assert.Contains("simple-prompt", seen.GetProperty("prompts").EnumerateArray().Select(p => p.GetString()));
        Assert.True(seen.GetProperty("promptMessages").GetInt32() > 0);
        Assert.True(seen.GetProperty("cancelled").GetBoolean());
        Assert.Equal("Echo: after cancel", seen.GetProperty("echoAfterCancel").GetString());
    }
}
