using Router.Gateway.Registry;

namespace Router.Gateway.Tests.Registry;

public sealed class EndpointGuardTests
{
    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://169.254.0.1:8080/")]
    [InlineData("https://169.254.255.255/")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://[fe80::1%25eth0]/")]
    [InlineData("http://[febf:ffff::1]/")]
    [InlineData("http://[fd00:ec2::254]/")]
    [InlineData("http://[::ffff:169.254.169.254]/")]
    [InlineData("http://[::ffff:a9fe:a9fe]/")]
    [InlineData("http://[64:ff9b::169.254.169.254]/")]
    [InlineData("http://[::169.254.169.254]/")]
    [InlineData("http://metadata.google.internal/")]
    [InlineData("http://Metadata.Google.Internal./computeMetadata")]
    [InlineData("http://metadata.goog/")]
    [InlineData("http://instance-data.ec2.internal/")]
    [InlineData("http://2852039166/")]
    [InlineData("http://0xa9.0xfe.0xa9.0xfe/")]
    public void IsForbidden_LinkLocalOrMetadataHost_ReturnsTrue(string endpoint)
    {
        Assert.True(EndpointGuard.IsForbidden(new Uri(endpoint)));
    }

    [Theory]
    [InlineData("http://127.0.0.1:9001/mcp")]
    [InlineData("http://[::1]:9001/mcp")]
    [InlineData("http://10.0.0.5/mcp")]
    [InlineData("http://169.255.0.1/")]
    [InlineData("http://168.254.169.254/")]
    [InlineData("http://[fec0::1]/")]
    [InlineData("http://[fd00:ec2::253]/")]
    [InlineData("http://[::ffff:10.0.0.1]/")]
    [InlineData("https://weather.example.com/mcp")]
    [InlineData("http://metadata.example.com/")]
    [InlineData("http://localhost:9001/")]
    public void IsForbidden_OrdinaryHost_ReturnsFalse(string endpoint)
    {
        Assert.False(EndpointGuard.IsForbidden(new Uri(endpoint)));
    }
}
