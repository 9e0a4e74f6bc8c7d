using Router.Gateway.Mcp;

namespace Router.Gateway.Tests.Mcp;

public sealed class McpHostingOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = new McpHostingOptionsValidator().Validate(null, new McpHostingOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Empty(new McpHostingOptions().AllowedOrigins);
        Assert.Empty(new McpHostingOptions().AllowedHosts);
    }

    [Theory]
    [InlineData("https://app.example.com")]
    [InlineData("http://localhost:5173")]
    [InlineData("http://[::1]:8080")]
    [InlineData("https://10.0.0.7:8443")]
    public void Validate_BareHttpOrigin_Succeeds(string origin)
    {
        var result = new McpHostingOptionsValidator().Validate(null, new McpHostingOptions { AllowedOrigins = [origin] });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("app.example.com")]
    [InlineData("https://app.example.com/")]
    [InlineData("https://app.example.com/app")]
    [InlineData("https://app.example.com?x=1")]
    [InlineData("https://user@app.example.com")]
    [InlineData("ftp://app.example.com")]
    [InlineData("*")]
    [InlineData("")]
    public void Validate_OriginThatIsNotBare_FailsNamingTheSetting(string origin)
    {
        var result = new McpHostingOptionsValidator().Validate(
            null, new McpHostingOptions { AllowedOrigins = ["https://ok.example.com", origin] });

        Assert.True(result.Failed);
        Assert.Contains("Router:Mcp:AllowedOrigins:1", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("AllowedOrigins:0", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://router.internal")]
    [InlineData("router.internal:8080")]
    [InlineData("router internal")]
    [InlineData("")]
    public void Validate_HostThatIsNotAName_FailsNamingTheSetting(string host)
    {
        var result = new McpHostingOptionsValidator().Validate(null, new McpHostingOptions { AllowedHosts = [host] });

        Assert.True(result.Failed);
        Assert.Contains("Router:Mcp:AllowedHosts:0", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("router.internal")]
    [InlineData("10.0.0.7")]
    [InlineData("[fd00::7]")]
    public void Validate_HostName_Succeeds(string host)
    {
        var result = new McpHostingOptionsValidator().Validate(null, new McpHostingOptions { AllowedHosts = [host] });

        Assert.True(result.Succeeded, result.FailureMessage);
    }
}
