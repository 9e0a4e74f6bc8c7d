using Microsoft.Extensions.Options;
using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Options;

public sealed class StartupValidationTests
{
    [Fact]
    public async Task Start_WithUnknownStorageProvider_FailsNamingTheSettingAndAllowedValues()
    {
        await using var app = TestNode.Build("Router:Storage:Provider=redis");

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Router:Storage:Provider", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'redis'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("sqlite, postgres, memory", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithPostgresWithoutConnectionString_FailsNamingTheSetting()
    {
        await using var app = TestNode.Build("Router:Storage:Provider=postgres");

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Router:Storage:ConnectionString", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithSqliteAndEmptyDataDirectory_FailsNamingTheSetting()
    {
        await using var app = TestNode.Build("Router:DataDirectory= ");

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Router:DataDirectory", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithInvalidSiloSetting_FailsNamingTheSetting()
    {
        await using var app = TestNode.Build("Router:Storage:Provider=memory", "Router:Silo:MaxActivations=-1");

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Router:Silo:MaxActivations", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad id!")]
    [InlineData("")]
    public async Task Start_WithInvalidClusterId_FailsNamingTheSetting(string clusterId)
    {
        await using var app = TestNode.Build("Router:Storage:Provider=memory", $"Router:Cluster:Id={clusterId}");

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Router:Cluster:Id", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("70000")]
    public async Task Start_WithInternalPortOutOfRange_FailsNamingTheSetting(string port)
    {
        await using var app = TestNode.Build("Router:Storage:Provider=memory", $"Router:Cluster:InternalPort={port}");

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Router:Cluster:InternalPort", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithMembershipFencingLaterThanDeath_FailsNamingTheSettings()
    {
        // Validation stops start-up before anything connects to the (unreachable) database.
        await using var app = TestNode.Build(
            "Router:Storage:Provider=postgres", "Router:Storage:ConnectionString=Host=127.0.0.1;Port=1;Database=none",
            "Router:Cluster:Membership:FenceTimeout=00:00:10", "Router:Cluster:Membership:DeathTimeout=00:00:06");

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Router:Cluster:Membership:DeathTimeout", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithProviderInUpperCase_Starts()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=MEMORY");

        using var response = await node.Client.GetAsync("/health/ready");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
