using System.Net;
using Microsoft.Extensions.Configuration;
using Router.Gateway.Hosting;
using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Hosting;

public sealed class UrlConfigurationTests
{
    [Fact]
    public async Task Start_WithUrlsArgument_ListensOnThatUrl()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";

        await using var node = await TestNode.StartAsync($"urls={url}", "Router:Storage:Provider=memory");
        using var response = await node.Client.GetAsync("/health/live");

        Assert.Equal(new Uri(url), node.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Build_WithoutUrlConfiguration_DefaultsToLoopback8080()
    {
        await using var app = RouterNode.Build(RouterNode.CreateBuilder(["--Router:Storage:Provider=memory"]));

        Assert.Equal("http://127.0.0.1:8080", app.Configuration["urls"]);
    }

    [Theory]
    [InlineData("urls", "http://127.0.0.1:5000")]
    [InlineData("http_ports", "5000")]
    [InlineData("https_ports", "5001")]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:5000")]
    public void AreConfigured_WithAddressSetting_ReturnsTrue(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        Assert.True(RouterNodeUrls.AreConfigured(configuration));
    }

    [Fact]
    public void AreConfigured_WithNoAddressSetting_ReturnsFalse()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Router:Storage:Provider", "memory")]).Build();

        Assert.False(RouterNodeUrls.AreConfigured(configuration));
    }
}
