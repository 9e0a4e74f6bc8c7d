using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Router.Client.Tests.Registration;

public sealed class OptionsTests
{
    [Fact]
    public void Defaults_NewOptions_MatchDocumentation()
    {
        var options = new McpRouterRegistrationOptions();

        Assert.Equal(McpRouterTransport.StreamableHttp, options.Transport);
        Assert.Equal(McpRouterLeaseMode.Heartbeat, options.LeaseMode);
        Assert.Equal(TimeSpan.FromSeconds(10), options.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), options.DeregisterTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MaxBackoff);
        Assert.Equal(TimeSpan.FromSeconds(10), options.RequestTimeout);
        Assert.Null(options.InstanceId);
        Assert.Null(options.ApiKey);
        Assert.Empty(options.Metadata);
        Assert.Empty(options.Tools);
    }

    [Fact]
    public void Validate_RequiredSettingsOnly_Succeeds()
    {
        Assert.True(Validate(Valid()).Succeeded);
    }

    [Fact]
    public void Validate_EndpointPath_Succeeds()
    {
        var options = Valid();
        options.Endpoint = new Uri("/mcp", UriKind.Relative);

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void Validate_NothingSet_NamesEveryRequiredSetting()
    {
        var result = Validate(new McpRouterRegistrationOptions());

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("McpRouter:RouterUrl ", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("McpRouter:McpId ", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("McpRouter:Version ", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("McpRouter:Endpoint ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Weather")]
    [InlineData("-weather")]
    [InlineData("weather server")]
    [InlineData("weather\n")]
    public void Validate_InvalidMcpId_NamesMcpId(string mcpId)
    {
        var options = Valid();
        options.McpId = mcpId;

        AssertFailureNames(options, "McpRouter:McpId");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(301)]
    public void Validate_HeartbeatIntervalOutOfRange_NamesHeartbeatInterval(double seconds)
    {
        var options = Valid();
        options.HeartbeatInterval = TimeSpan.FromSeconds(seconds);

        AssertFailureNames(options, "McpRouter:HeartbeatInterval");
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/mcp")]
    [InlineData("http://169.254.169.254/latest")]
    [InlineData("http://[fe80::1]:9001/mcp")]
    [InlineData("http://metadata.google.internal/mcp")]
    [InlineData("http://user:pass@127.0.0.1:9001/mcp")]
    [InlineData("mcp")]
    public void Validate_UnusableEndpoint_NamesEndpoint(string endpoint)
    {
        var options = Valid();
        options.Endpoint = new Uri(endpoint, UriKind.RelativeOrAbsolute);

        AssertFailureNames(options, "McpRouter:Endpoint");
    }

    [Fact]
    public void Validate_InvalidInstanceIdAndVersion_NamesBoth()
    {
        var options = Valid();
        options.InstanceId = "-a";
        options.Version = "1.0 beta";

        AssertFailureNames(options, "McpRouter:InstanceId");
        AssertFailureNames(options, "McpRouter:Version");
    }

    [Fact]
    public void Validate_DuplicateToolNames_NamesTool()
    {
        var options = Valid();
        options.Tools.Add(new McpRouterTool { Name = "forecast" });
        options.Tools.Add(new McpRouterTool { Name = "forecast" });

        AssertFailureNames(options, "McpRouter:Tools:1:Name");
    }

    [Fact]
    public void Validate_SchemaNotAnObject_NamesInputSchema()
    {
        var options = Valid();
        options.Tools.Add(new McpRouterTool { Name = "forecast", InputSchema = JsonElement.Parse("[]") });

        AssertFailureNames(options, "McpRouter:Tools:0:InputSchema");
    }

    [Fact]
    public void Validate_TooManyMetadataEntries_NamesMetadata()
    {
        var options = Valid();
        for (var i = 0; i < 65; i++)
        {
            options.Metadata[$"k{i}"] = "v";
        }

        AssertFailureNames(options, "McpRouter:Metadata");
    }

    [Fact]
    public void Validate_ZeroTimeoutsAndTinyBackoff_NamesEach()
    {
        var options = Valid();
        options.DeregisterTimeout = TimeSpan.Zero;
        options.RequestTimeout = TimeSpan.Zero;
        options.MaxBackoff = TimeSpan.FromMilliseconds(10);

        AssertFailureNames(options, "McpRouter:DeregisterTimeout");
        AssertFailureNames(options, "McpRouter:RequestTimeout");
        AssertFailureNames(options, "McpRouter:MaxBackoff");
    }

    [Fact]
    public async Task Start_InvalidSettings_StopsHostNamingTheSetting()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddMcpRouterRegistration(options =>
        {
            options.RouterUrl = new Uri("http://127.0.0.1:8080");
            options.McpId = "Not Valid";
            options.Version = "1.0.0";
            options.Endpoint = new Uri("http://127.0.0.1:9001/mcp");
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith("McpRouter:McpId ", StringComparison.Ordinal));
    }

    [Fact]
    public void Bind_McpRouterSection_BindsEverySetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["McpRouter:RouterUrl"] = "http://127.0.0.1:8080",
            ["McpRouter:McpId"] = "weather",
            ["McpRouter:Version"] = "1.2.0",
            ["McpRouter:Endpoint"] = "/mcp",
            ["McpRouter:Transport"] = "Sse",
            ["McpRouter:LeaseMode"] = "Connection",
            ["McpRouter:HeartbeatInterval"] = "00:00:05",
            ["McpRouter:InstanceId"] = "weather-a",
            ["McpRouter:ApiKey"] = "secret-key",
            ["McpRouter:Metadata:zone"] = "eu-1",
            ["McpRouter:Tools:0:Name"] = "forecast",
            ["McpRouter:Tools:0:Description"] = "Forecast for a city",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddMcpRouterRegistration(McpRouterRegistrationOptions.SectionName);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<McpRouterRegistrationOptions>>().Value;

        Assert.Equal(new Uri("http://127.0.0.1:8080"), options.RouterUrl);
        Assert.Equal("weather", options.McpId);
        Assert.Equal("1.2.0", options.Version);
        Assert.Equal("/mcp", options.Endpoint!.OriginalString);
        Assert.Equal(McpRouterTransport.Sse, options.Transport);
        Assert.Equal(McpRouterLeaseMode.Connection, options.LeaseMode);
        Assert.Equal(TimeSpan.FromSeconds(5), options.HeartbeatInterval);
        Assert.Equal("weather-a", options.InstanceId);
        Assert.Equal("secret-key", options.ApiKey);
        Assert.Equal("eu-1", options.Metadata["zone"]);
        var tool = Assert.Single(options.Tools);
        Assert.Equal("forecast", tool.Name);
        Assert.Equal(JsonValueKind.Undefined, tool.InputSchema.ValueKind);
    }

    [Fact]
    public void AddMcpRouterRegistration_CalledTwice_AddsOneHostedService()
    {
        var services = new ServiceCollection();
        services.AddMcpRouterRegistration();
        services.AddMcpRouterRegistration();

        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
    }

    private static McpRouterRegistrationOptions Valid() => new()
    {
        RouterUrl = new Uri("http://127.0.0.1:8080"),
        McpId = "weather",
        Version = "1.2.0",
        Endpoint = new Uri("http://127.0.0.1:9001/mcp"),
    };

    private static ValidateOptionsResult Validate(McpRouterRegistrationOptions options) =>
        new McpRouterRegistrationOptionsValidator().Validate(Options.DefaultName, options);

    private static void AssertFailureNames(McpRouterRegistrationOptions options, string setting)
    {
        var result = Validate(options);
        Assert.True(result.Failed, $"expected {setting} to be rejected");
        Assert.Contains(result.Failures!, f => f.StartsWith(setting + " ", StringComparison.Ordinal));
    }
}
