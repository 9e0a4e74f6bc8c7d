using Microsoft.Extensions.Options;

namespace Router.Silo.Streams;

/// <summary>Rejects event log settings that cannot work, naming the setting.</summary>
internal sealed class EventLogOptionsValidator : IValidateOptions<EventLogOptions>
{
    /// <summary>The longest <see cref="EventLogOptions.TrimInterval"/> a timer accepts.</summary>
    private static readonly TimeSpan MaxTrimInterval = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public ValidateOptionsResult Validate(string? name, EventLogOptions options)
    {
        var failures = new List<string>();
        if (options.Retention <= TimeSpan.Zero)
        {
            failures.Add($"{EventLogOptions.SectionName}:{nameof(EventLogOptions.Retention)} must be a positive time span (was {options.Retention}).");
        }

        if (options.MaxEvents < 1)
        {
            failures.Add($"{EventLogOptions.SectionName}:{nameof(EventLogOptions.MaxEvents)} must be at least 1 (was {options.MaxEvents}).");
        }

        if (options.TrimInterval <= TimeSpan.Zero || options.TrimInterval > MaxTrimInterval)
        {
            failures.Add($"{EventLogOptions.SectionName}:{nameof(EventLogOptions.TrimInterval)} must be a positive time span of at most {MaxTrimInterval} (was {options.TrimInterval}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
