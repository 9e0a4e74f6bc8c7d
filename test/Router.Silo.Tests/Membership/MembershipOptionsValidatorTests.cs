using Router.Silo.Membership;

namespace Router.Silo.Tests.Membership;

public sealed class MembershipOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_SucceedAndFenceBeforeDeath()
    {
        var options = new MembershipOptions();

        Assert.True(new MembershipOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RenewPeriod);
        Assert.Equal(TimeSpan.FromSeconds(4), options.FenceTimeout);
        Assert.Equal(TimeSpan.FromSeconds(6), options.DeathTimeout);
    }

    [Theory]
    [InlineData(0, 4, 6, "RenewPeriod must be positive")]
    [InlineData(2, 2, 6, "FenceTimeout (00:00:02) must be longer than RenewPeriod")]
    [InlineData(1, 6, 6, "DeathTimeout (00:00:06) must be longer than FenceTimeout")]
    [InlineData(1, 8, 6, "DeathTimeout (00:00:06) must be longer than FenceTimeout")]
    public void Validate_TimingsThatCannotWork_FailNamingTheSetting(int renew, int fence, int death, string expected)
    {
        var options = new MembershipOptions
        {
            RenewPeriod = TimeSpan.FromSeconds(renew),
            FenceTimeout = TimeSpan.FromSeconds(fence),
            DeathTimeout = TimeSpan.FromSeconds(death),
        };

        var result = new MembershipOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Router:Cluster:Membership:", result.FailureMessage, StringComparison.Ordinal);
    }
}
