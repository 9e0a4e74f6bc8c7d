using Microsoft.Extensions.Options;

namespace Router.Gateway.Options;

/// <summary>Rejects registration API settings that cannot work, naming the setting.</summary>
internal sealed class RegistryOptionsValidator : IValidateOptions<RegistryOptions>
{
    public const int MaxKeepAliveSeconds = 3600;

    public ValidateOptionsResult Validate(string? name, RegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.LeaseKeepAliveSeconds is < 1 or > MaxKeepAliveSeconds
            ? ValidateOptionsResult.Fail(
                $"{RegistryOptions.SectionName}:{nameof(RegistryOptions.LeaseKeepAliveSeconds)} must be between 1 and {MaxKeepAliveSeconds} seconds (was {options.LeaseKeepAliveSeconds}).")
            : ValidateOptionsResult.Success;
    }
}
