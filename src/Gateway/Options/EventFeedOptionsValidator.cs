using Microsoft.Extensions.Options;

namespace Router.Gateway.Options;

/// <summary>Rejects event feed settings that cannot work, naming the setting.</summary>
internal sealed class EventFeedOptionsValidator : IValidateOptions<EventFeedOptions>
{
    public const int MinBufferSize = 16;
    public const int MaxBufferSize = 10_000_000;
    public const int MaxKeepAliveSeconds = 3600;
    public const long MinBufferBytes = 1024 * 1024;

    private static readonly TimeSpan MaxWriteTimeout = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, EventFeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.FeedBufferSize is < MinBufferSize or > MaxBufferSize)
        {
            failures.Add($"{Key(nameof(EventFeedOptions.FeedBufferSize))} must be between {MinBufferSize} and {MaxBufferSize} (was {options.FeedBufferSize}).");
        }

        if (options.FeedBufferMaxBytes < MinBufferBytes)
        {
            failures.Add($"{Key(nameof(EventFeedOptions.FeedBufferMaxBytes))} must be at least {MinBufferBytes} (was {options.FeedBufferMaxBytes}).");
        }

        if (options.MaxSubscriberLag < 1)
        {
            failures.Add($"{Key(nameof(EventFeedOptions.MaxSubscriberLag))} must be at least 1 (was {options.MaxSubscriberLag}).");
        }

        if (options.SubscriberWriteTimeout <= TimeSpan.Zero || options.SubscriberWriteTimeout > MaxWriteTimeout)
        {
            failures.Add($"{Key(nameof(EventFeedOptions.SubscriberWriteTimeout))} must be a positive time span of at most {MaxWriteTimeout} (was {options.SubscriberWriteTimeout}).");
        }

        if (options.KeepAliveSeconds is < 1 or > MaxKeepAliveSeconds)
        {
            failures.Add($"{Key(nameof(EventFeedOptions.KeepAliveSeconds))} must be between 1 and {MaxKeepAliveSeconds} seconds (was {options.KeepAliveSeconds}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Key(string setting) => $"{EventFeedOptions.SectionName}:{setting}";
}
