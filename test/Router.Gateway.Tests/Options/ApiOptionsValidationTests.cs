using Microsoft.Extensions.Options;
using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Options;

public sealed class ApiOptionsValidationTests
{
    [Theory]
    [InlineData("Router:Events:FeedBufferSize=1", "Router:Events:FeedBufferSize")]
    [InlineData("Router:Events:FeedBufferMaxBytes=1000", "Router:Events:FeedBufferMaxBytes")]
    [InlineData("Router:Events:MaxSubscriberLag=0", "Router:Events:MaxSubscriberLag")]
    [InlineData("Router:Events:SubscriberWriteTimeout=00:00:00", "Router:Events:SubscriberWriteTimeout")]
    [InlineData("Router:Events:KeepAliveSeconds=0", "Router:Events:KeepAliveSeconds")]
    [InlineData("Router:Registry:LeaseKeepAliveSeconds=0", "Router:Registry:LeaseKeepAliveSeconds")]
    [InlineData("Router:Registry:LeaseKeepAliveSeconds=3601", "Router:Registry:LeaseKeepAliveSeconds")]
    public async Task Start_WithInvalidFeedOrRegistrySetting_FailsNamingTheSetting(string setting, string name)
    {
        await using var app = TestNode.Build("Router:Storage:Provider=memory", setting);

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(name, exception.Message, StringComparison.Ordinal);
    }
}
