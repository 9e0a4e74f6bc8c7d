using Microsoft.Extensions.Options;

namespace Router.Silo.Membership;

/// <summary>Checks that the membership timings can work together; a failure names the setting.</summary>
internal sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.RenewPeriod <= TimeSpan.Zero)
        {
            failures.Add($"{MembershipOptions.SectionName}:RenewPeriod must be positive.");
        }

        if (options.FenceTimeout <= options.RenewPeriod)
        {
            failures.Add($"{MembershipOptions.SectionName}:FenceTimeout ({options.FenceTimeout}) must be longer than RenewPeriod ({options.RenewPeriod}).");
        }

        if (options.DeathTimeout <= options.FenceTimeout)
        {
            failures.Add($"{MembershipOptions.SectionName}:DeathTimeout ({options.DeathTimeout}) must be longer than FenceTimeout ({options.FenceTimeout}): a silo must stop serving before others may declare it dead.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
