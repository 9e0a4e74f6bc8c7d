using System.Text.Json;
using Router.Testing.McpPeers;

namespace Router.Gateway.Tests.Mcp;

public sealed class McpTypeScriptClientTests
{
    [Fact]
    public async Task TypeScriptClient_StreamableHttp_ListsAndCallsEcho()
    {
        await using var host = await McpTestHost.StartAsync();

        var result = await NodeScript.RunAsync(
            "echo-client.mjs", [host.StreamableEndpoint().ToString(), "hello from node"], TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.StandardError);
        using var output = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal(McpTestHost.ServerName, output.RootElement.GetProperty("serverName").GetString());
        Assert.Equal(["echo"], output.RootElement.GetProperty("tools").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("hello from node", output.RootElement.GetProperty("echo").GetString());
        Assert.Equal(0, host.Sessions.Count);
    }
}
