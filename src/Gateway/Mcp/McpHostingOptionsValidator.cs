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

        var origins = options.AllowedOrigins ?? [];
        for (var i = 0; i < origins.Count; i++)
        {
            if (McpOriginValidator.NormalizeOrigin(origins[i]) is null)
            {
                failures.Add($"{McpHostingOptions.SectionName}:{nameof(McpHostingOptions.AllowedOrigins)}:{i} '{origins[i]}' is not an origin: "
                    + "write an absolute http or https origin without path, query or trailing slash, such as https://app.example.com.");
            }
        }

        var hosts = options.AllowedHosts ?? [];
        for (var i = 0; i < hosts.Count; i++)
        {
            if (McpOriginValidator.NormalizeHost(hosts[i]) is null)
            {
                failures.Add($"{McpHostingOptions.SectionName}:{nameof(McpHostingOptions.AllowedHosts)}:{i} '{hosts[i]}' is not a host name: "
                    + "write a DNS name or IP address without scheme or port, such as router.internal.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
