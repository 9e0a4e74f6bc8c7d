using Router.Registrar;

namespace Router.Client.Tests.Registrar;

public sealed class RegistrarCommandLineTests : IDisposable
{
    private static readonly string[] Required =
        ["--router", "http://127.0.0.1:8080", "--mcp-id", "weather", "--version", "1.2.0", "--endpoint", "http://127.0.0.1:9001/mcp"];

    private readonly string _directory = Directory.CreateTempSubdirectory("router-registrar-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Parse_RequiredOnly_UsesDefaults()
    {
        var arguments = ParseOk(Required);

        Assert.Equal(new Uri("http://127.0.0.1:8080"), arguments.RouterUrl);
        Assert.Equal("weather", arguments.McpId);
        Assert.Equal("1.2.0", arguments.Version);
        Assert.Equal(new Uri("http://127.0.0.1:9001/mcp"), arguments.Endpoint);
        Assert.Equal(McpRouterTransport.StreamableHttp, arguments.Transport);
        Assert.Equal(McpRouterLeaseMode.Heartbeat, arguments.LeaseMode);
        Assert.Null(arguments.HeartbeatInterval);
        Assert.Null(arguments.InstanceId);
        Assert.Null(arguments.ApiKey);
        Assert.Empty(arguments.Metadata);
        Assert.Empty(arguments.Tools);
    }

    [Fact]
    public void Parse_EveryOption_SetsEveryArgument()
    {
        var arguments = ParseOk(
        [
            .. Required, "--transport", "sse", "--lease", "connection", "--interval", "30", "--instance-id", "weather-a",
            "--api-key", "secret-key", "--metadata", "zone=eu-1", "team=maps", "--metadata", "url=http://x/?a=b",
        ]);

        Assert.Equal(McpRouterTransport.Sse, arguments.Transport);
        Assert.Equal(McpRouterLeaseMode.Connection, arguments.LeaseMode);
        Assert.Equal(TimeSpan.FromSeconds(30), arguments.HeartbeatInterval);
        Assert.Equal("weather-a", arguments.InstanceId);
        Assert.Equal("secret-key", arguments.ApiKey);
        Assert.Equal(
            new Dictionary<string, string> { ["zone"] = "eu-1", ["team"] = "maps", ["url"] = "http://x/?a=b" },
            arguments.Metadata);
    }

    [Fact]
    public void Parse_EqualsForm_ReadsValues()
    {
        var arguments = ParseOk(
            ["--router=http://127.0.0.1:8080", "--mcp-id=weather", "--version=1.2.0", "--endpoint=http://127.0.0.1:9001/mcp", "--metadata=zone=eu-1"]);

        Assert.Equal("weather", arguments.McpId);
        Assert.Equal("eu-1", arguments.Metadata["zone"]);
    }

    [Fact]
    public void Parse_ApiKeyFromEnvironment_UsedWhenNotGiven()
    {
        var fromEnvironment = ParseOk(Required, name => name == "ROUTER_API_KEY" ? "env-key" : null);
        var fromArgument = ParseOk([.. Required, "--api-key", "arg-key"], name => name == "ROUTER_API_KEY" ? "env-key" : null);

        Assert.Equal("env-key", fromEnvironment.ApiKey);
        Assert.Equal("arg-key", fromArgument.ApiKey);
    }

    [Fact]
    public void Parse_ToolsFileArray_LoadsTools()
    {
        var path = WriteFile("tools.json", """
            [
              { "name": "forecast", "description": "Forecast for a city", "inputSchema": { "type": "object", "properties": { "city": { "type": "string" } } } },
              { "name": "ping" }
            ]
            """);

        var tools = ParseOk([.. Required, "--tools-file", path]).Tools;

        Assert.Equal(["forecast", "ping"], tools.Select(t => t.Name));
        Assert.Equal("Forecast for a city", tools[0].Description);
        Assert.Equal("string", tools[0].InputSchema.GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
    }

    [Fact]
    public void Parse_ToolsFileToolsListResult_LoadsTools()
    {
        var path = WriteFile("list.json", """{ "tools": [ { "name": "add", "inputSchema": { "type": "object" } } ] }""");

        Assert.Equal("add", Assert.Single(ParseOk([.. Required, "--tools-file", path]).Tools).Name);
    }

    [Fact]
    public void Parse_Help_RequestsHelp()
    {
        Assert.True(RegistrarCommandLine.Parse(["--help"], _ => null).HelpRequested);
        Assert.True(RegistrarCommandLine.Parse([.. Required, "-h"], _ => null).HelpRequested);
    }

    [Theory]
    [InlineData("--router", "--router is required")]
    [InlineData("--mcp-id", "--mcp-id is required")]
    [InlineData("--version", "--version is required")]
    [InlineData("--endpoint", "--endpoint is required")]
    public void Parse_MissingRequired_NamesArgument(string missing, string expected)
    {
        var args = new List<string>(Required);
        var index = args.IndexOf(missing);
        args.RemoveRange(index, 2);

        Assert.Contains(expected, ParseError(args));
    }

    [Theory]
    [InlineData("--router", "localhost:8080")]
    [InlineData("--router", "ftp://127.0.0.1")]
    [InlineData("--mcp-id", "Weather")]
    [InlineData("--version", "1.0 beta")]
    [InlineData("--endpoint", "/mcp")]
    [InlineData("--transport", "websocket")]
    [InlineData("--lease", "forever")]
    [InlineData("--interval", "0")]
    [InlineData("--interval", "301")]
    [InlineData("--interval", "ten")]
    [InlineData("--instance-id", "-a")]
    [InlineData("--api-key", " ")]
    public void Parse_BadValue_NamesArgument(string argument, string value)
    {
        var args = new List<string>(Required);
        var index = args.IndexOf(argument);
        if (index >= 0)
        {
            args[index + 1] = value;
        }
        else
        {
            args.AddRange([argument, value]);
        }

        Assert.StartsWith(argument + " ", ParseError(args));
    }

    [Theory]
    [InlineData(new[] { "--colour", "blue" }, "unknown argument '--colour'")]
    [InlineData(new[] { "stray" }, "unexpected argument 'stray'")]
    [InlineData(new[] { "--interval" }, "--interval needs a value")]
    [InlineData(new[] { "--interval", "--lease", "heartbeat" }, "--interval needs a value")]
    [InlineData(new[] { "--mcp-id", "other" }, "--mcp-id is given more than once")]
    [InlineData(new[] { "--metadata" }, "--metadata needs at least one key=value entry")]
    [InlineData(new[] { "--metadata", "zone" }, "--metadata entry 'zone' must be key=value")]
    [InlineData(new[] { "--metadata", "=x" }, "--metadata entry '=x' must be key=value")]
    [InlineData(new[] { "--metadata", "a=1", "a=2" }, "--metadata key 'a' is given more than once")]
    public void Parse_Malformed_NamesArgument(string[] extra, string expected)
    {
        Assert.Contains(expected, ParseError([.. Required, .. extra]));
    }

    [Fact]
    public void Parse_ToolsFileMissing_NamesArgument()
    {
        var error = ParseError([.. Required, "--tools-file", Path.Combine(_directory, "missing.json")]);

        Assert.StartsWith("--tools-file ", error);
        Assert.Contains("does not exist", error);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{ "name": "x" }""", "expected a JSON array")]
    [InlineData("""[ { "description": "no name" } ]""", "tool 0 must be an object")]
    [InlineData("""[ { "name": "bad name" } ]""", "tool 0 has an invalid name")]
    [InlineData("""[ { "name": "x", "inputSchema": [] } ]""", "tool 0 must be an object")]
    public void Parse_ToolsFileInvalid_NamesArgument(string content, string expected)
    {
        var error = ParseError([.. Required, "--tools-file", WriteFile("bad.json", content)]);

        Assert.StartsWith("--tools-file ", error);
        Assert.Contains(expected, error);
    }

    private static RegistrarArguments ParseOk(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        var result = RegistrarCommandLine.Parse(args, environment ?? (_ => null));
        Assert.Null(result.Error);
        return Assert.IsType<RegistrarArguments>(result.Arguments);
    }

    private static string ParseError(IReadOnlyList<string> args)
    {
        var result = RegistrarCommandLine.Parse(args, _ => null);
        Assert.Null(result.Arguments);
        Assert.False(result.HelpRequested);
        return Assert.IsType<string>(result.Error);
    }

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
