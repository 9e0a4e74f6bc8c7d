using Router.Abstractions.Grains;

namespace Router.Silo.Tests.Identity;

public sealed class McpVersionKeyTests
{
    [Theory]
    [InlineData("weather/1.0.0", "weather", "1.0.0")]
    [InlineData("a/b/c", "a", "b/c")]
    public void Parse_ValidKey_SplitsAtFirstSlash(string text, string mcpId, string version)
    {
        var key = McpVersionKey.Parse(text);

        Assert.Equal(mcpId, key.McpId);
        Assert.Equal(version, key.Version);
        Assert.Equal(text, key.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("noversion")]
    [InlineData("/1.0")]
    [InlineData("id/")]
    public void TryParse_InvalidKey_ReturnsFalse(string text)
    {
        Assert.False(McpVersionKey.TryParse(text, out _));
        Assert.Throws<FormatException>(() => McpVersionKey.Parse(text));
    }

    [Fact]
    public void Constructor_IdWithSlash_Throws()
    {
        Assert.Throws<ArgumentException>(() => new McpVersionKey("a/b", "1"));
    }

    [Fact]
    public void GrainId_SameTypeAndKey_AreEqual()
    {
        Assert.Equal(new GrainId("t", "k"), new GrainId("t", "k"));
        Assert.NotEqual(new GrainId("t", "k"), new GrainId("t", "K"));
        Assert.Equal("t/k", new GrainId("t", "k").ToString());
    }
}
