using System.ComponentModel;
using ModelContextProtocol.Server;

namespace Router.McpFixture.Mcp;

/// <summary>The fixture's prompt.</summary>
internal static class FixturePrompts
{
    public static McpServerPrompt Greeting() =>
        McpServerPrompt.Create(Greet, new McpServerPromptCreateOptions { Name = "greeting" });

    [Description("A greeting for someone.")]
    public static string Greet([Description("Who to greet.")] string name) => $"Hello, {name}! Welcome to the MCP fixture.";
}
