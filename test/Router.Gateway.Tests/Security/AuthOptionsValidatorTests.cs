using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Router.Gateway.Options;
using Router.Gateway.Security;
using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Security;

public sealed class AuthOptionsValidatorTests
{
    private static readonly string ValidHash = ApiKeyHash.Format("secret");

    [Theory]
    [InlineData("sha256:abc", "Router:Auth:Keys:0:Hash")]
    [InlineData("md5:0123456789abcdef0123456789abcdef", "Router:Auth:Keys:0:Hash")]
    [InlineData("", "Router:Auth:Keys:0:Hash")]
    [InlineData("sha256:zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "Router:Auth:Keys:0:Hash")]
    public void Validate_WithMalformedHash_FailsNamingTheSetting(string hash, string setting)
    {
        var result = Validate(new ApiKeyOptions { Name = "k", Hash = hash, Scopes = ["register"] });

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithUnknownScope_FailsNamingTheScopeSettingAndAllowedValues()
    {
        var result = Validate(new ApiKeyOptions { Name = "k", Hash = ValidHash, Scopes = ["register", "write"] });

        Assert.True(result.Failed);
        Assert.Contains("Router:Auth:Keys:0:Scopes:1 'write'", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("register, events:read, admin", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithoutNameScopesOrWithBadMcpId_FailsNamingEachSetting()
    {
        var result = Validate(new ApiKeyOptions { Hash = ValidHash, McpIds = ["Weather"] });

        Assert.Contains("Router:Auth:Keys:0:Name", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Router:Auth:Keys:0:Scopes", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Router:Auth:Keys:0:McpIds:0", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithTheSameKeyTwice_Fails()
    {
        var result = Validate(
            new ApiKeyOptions { Name = "a", Hash = ValidHash, Scopes = ["admin"] },
            new ApiKeyOptions { Name = "b", Hash = ValidHash.ToUpperInvariant().Replace("SHA256:", "sha256:", StringComparison.Ordinal), Scopes = ["register"] });

        Assert.Contains("Router:Auth:Keys:1:Hash", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithTwoKeysOfOneName_Fails()
    {
        var result = Validate(
            new ApiKeyOptions { Name = "agents", Hash = ValidHash, Scopes = ["call"] },
            new ApiKeyOptions { Name = "agents", Hash = ApiKeyHash.Format("another key"), Scopes = ["call"] });

        Assert.Contains("Router:Auth:Keys:1:Name 'agents'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithValidKeysOnAnyAddress_Succeeds()
    {
        var result = Validate([new ApiKeyOptions { Name = "k", Hash = ValidHash, Scopes = ["register", "events:read", "admin"], McpIds = ["weather"] }], ("urls", "http://0.0.0.0:8080"));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("urls", "http://0.0.0.0:8080")]
    [InlineData("urls", "http://*:8080")]
    [InlineData("urls", "http://+:8080")]
    [InlineData("urls", "http://[::]:8080")]
    [InlineData("urls", "http://10.1.2.3:8080")]
    [InlineData("urls", "http://router.example.com:8080")]
    [InlineData("urls", "http://127.0.0.1:8080;http://0.0.0.0:8081")]
    [InlineData("http_ports", "8080")]
    [InlineData("https_ports", "8443")]
    [InlineData("Kestrel:Endpoints:Api:Url", "http://0.0.0.0:8080")]
    public void Validate_WithoutKeysOnNonLoopbackAddress_FailsNamingRouterAuthKeys(string key, string value)
    {
        var result = Validate([], (key, value));

        Assert.True(result.Failed);
        Assert.Contains("Router:Auth:Keys", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://127.0.0.2:8080")]
    [InlineData("http://localhost:8080")]
    [InlineData("https://LOCALHOST:8443")]
    [InlineData("http://[::1]:8080")]
    [InlineData("http://unix:/tmp/router.sock")]
    [InlineData("http://127.0.0.1:0;http://[::1]:0")]
    public void Validate_WithoutKeysOnLoopbackAddress_Succeeds(string urls)
    {
        var result = Validate([], ("urls", urls));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public async Task Start_WithMalformedKey_FailsNamingTheSetting()
    {
        await using var app = TestNode.Build(
            "Router:Storage:Provider=memory", "Router:Auth:Keys:0:Name=k", "Router:Auth:Keys:0:Hash=secret", "Router:Auth:Keys:0:Scopes:0=admin");

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Router:Auth:Keys:0:Hash", exception.Message, StringComparison.Ordinal);
    }

    private static ValidateOptionsResult Validate(params ApiKeyOptions[] keys) => Validate(keys, ("urls", "http://127.0.0.1:8080"));

    private static ValidateOptionsResult Validate(ApiKeyOptions[] keys, (string Key, string Value) address)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(address.Key, address.Value)]).Build();
        return new AuthOptionsValidator(configuration).Validate(null, new AuthOptions { Keys = [.. keys] });
    }
}
