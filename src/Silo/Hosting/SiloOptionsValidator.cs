using Microsoft.Extensions.Options;

namespace Router.Silo.Hosting;

/// <summary>Rejects silo settings that cannot work, naming the setting.</summary>
internal sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var failures = new List<string>();
        RequirePositive(failures, nameof(SiloOptions.CollectionAge), options.CollectionAge);
        RequirePositive(failures, nameof(SiloOptions.CollectionQuantum), options.CollectionQuantum);
        RequirePositive(failures, nameof(SiloOptions.ResponseTimeout), options.ResponseTimeout);
        RequirePositive(failures, nameof(SiloOptions.ActivationTimeout), options.ActivationTimeout);
        foreach (var (type, age) in options.ClassSpecificCollectionAge)
        {
            RequirePositive(failures, $"{nameof(SiloOptions.ClassSpecificCollectionAge)}:{type}", age);
        }

        if (options.MaxActivations < 0)
        {
            failures.Add($"{SiloOptions.SectionName}:{nameof(SiloOptions.MaxActivations)} must be 0 (no cap) or positive.");
        }

        if (string.IsNullOrWhiteSpace(options.DefaultStorageName))
        {
            failures.Add($"{SiloOptions.SectionName}:{nameof(SiloOptions.DefaultStorageName)} must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(List<string> failures, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{SiloOptions.SectionName}:{name} must be a positive time span (was {value}).");
        }
    }
}
