using Microsoft.Extensions.Options;

namespace Router.Gateway.Mcp;

/// <summary>Stops start-up when an <see cref="McpHostingOptions"/> limit makes no sense, naming the setting.</summary>
internal sealed class McpHostingOptionsValidator : IValidateOptions<McpHostingOptions>
{
    public ValidateOptionsResult Validate(string? name, McpHostingOptions options)
    {
        var failures = new List<string>();
        if (options.SessionIdleTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{McpHostingOptions.SectionName}:{nameof(McpHostingOptions.SessionIdleTimeout)} must be positive.");
        }

        if (options.MaxSessions <= 0)
        {
            failures.Add($"{McpHostingOptions.SectionName}:{nameof(McpHostingOptions.MaxSessions)} must be at least 1.");
        }

        if (options.MaxRequestBodyBytes <= 0)
        {
            failures.Add($"{McpHostingOptions.SectionName}:{nameof(McpHostingOptions.MaxRequestBodyBytes)} must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
