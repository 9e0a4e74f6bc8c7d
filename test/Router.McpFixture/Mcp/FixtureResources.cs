using System.ComponentModel;
using ModelContextProtocol.Server;

namespace Router.McpFixture.Mcp;

/// <summary>The fixture's resource.</summary>
internal static class FixtureResources
{
    public const string ReadmeUri = "fixture://readme";

    public const string ReadmeText = "The router's MCP test fixture: tools echo, add and slow; prompt greeting; this resource.";

    public static McpServerResource Readme() =>
        McpServerResource.Create(
            ReadText,
            new McpServerResourceCreateOptions { UriTemplate = ReadmeUri, Name = "readme", MimeType = "text/plain" });

    [Description("What the fixture offers.")]
    public static string ReadText() => ReadmeText;
}
