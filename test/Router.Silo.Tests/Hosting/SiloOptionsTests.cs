using Router.Silo.Hosting;

namespace Router.Silo.Tests.Hosting;

public sealed class SiloOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new SiloOptions();

        Assert.Equal(TimeSpan.FromMinutes(15), options.CollectionAge);
        Assert.Equal(TimeSpan.FromMinutes(1), options.CollectionQuantum);
        Assert.Equal(100_000, options.MaxActivations);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ResponseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ActivationTimeout);
        Assert.False(options.SerializeLocalCalls);
        Assert.Equal("Default", options.DefaultStorageName);
    }
}
