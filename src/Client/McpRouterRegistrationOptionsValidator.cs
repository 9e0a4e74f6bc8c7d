using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Router.Client;

/// <summary>
/// Rejects registration settings that cannot work, naming each setting, so that the host stops at start-up instead
/// of retrying a registration the router will never accept.
/// </summary>
internal sealed class McpRouterRegistrationOptionsValidator : IValidateOptions<McpRouterRegistrationOptions>
{
    private const string Prefix = McpRouterRegistrationOptions.SectionName + ":";
    private const int MaxEndpointLength = 2048;
    private const int MaxMetadataEntries = 64;
    private const int MaxMetadataKeyLength = 128;
    private const int MaxMetadataValueLength = 1024;
    private const int MaxTools = 1024;
    private const int MaxToolDescriptionLength = 4096;
    private static readonly TimeSpan MinHeartbeatInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxHeartbeatInterval = TimeSpan.FromSeconds(300);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MinBackoffCap = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoffCap = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, McpRouterRegistrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (!IsHttpUrl(options.RouterUrl))
        {
            failures.Add($"{Prefix}{nameof(options.RouterUrl)} is required and must be an absolute http or https URL, for example 'http://127.0.0.1:8080' (got '{options.RouterUrl}').");
        }

        if (!McpRouterIdentifiers.IsValidMcpId(options.McpId))
        {
            failures.Add($"{Prefix}{nameof(options.McpId)} is required and must match ^[a-z0-9][a-z0-9._-]{{0,127}}$ (got '{options.McpId}').");
        }

        if (!McpRouterIdentifiers.IsValidVersion(options.Version))
        {
            failures.Add($"{Prefix}{nameof(options.Version)} is required and must be 1-64 characters of A-Z a-z 0-9 . _ + - (got '{options.Version}').");
        }

        if (EndpointProblem(options.Endpoint) is { } endpointProblem)
        {
            failures.Add($"{Prefix}{nameof(options.Endpoint)} {endpointProblem}");
        }

        if (!Enum.IsDefined(options.Transport))
        {
            failures.Add($"{Prefix}{nameof(options.Transport)} must be {nameof(McpRouterTransport.StreamableHttp)} or {nameof(McpRouterTransport.Sse)}.");
        }

        if (options.InstanceId is not null && !McpRouterIdentifiers.IsValidInstanceId(options.InstanceId))
        {
            failures.Add($"{Prefix}{nameof(options.InstanceId)} must match ^[A-Za-z0-9][A-Za-z0-9._:-]{{0,127}}$ when set (got '{options.InstanceId}').");
        }

        if (options.HeartbeatInterval < MinHeartbeatInterval || options.HeartbeatInterval > MaxHeartbeatInterval)
        {
            failures.Add($"{Prefix}{nameof(options.HeartbeatInterval)} must be between 1 and 300 seconds (got {options.HeartbeatInterval}).");
        }

        if (!Enum.IsDefined(options.LeaseMode))
        {
            failures.Add($"{Prefix}{nameof(options.LeaseMode)} must be {nameof(McpRouterLeaseMode.Heartbeat)} or {nameof(McpRouterLeaseMode.Connection)}.");
        }

        if (options.ApiKey is not null && (string.IsNullOrWhiteSpace(options.ApiKey) || options.ApiKey.AsSpan().ContainsAny('\r', '\n')))
        {
            failures.Add($"{Prefix}{nameof(options.ApiKey)} must not be blank or contain line breaks when set.");
        }

        ValidateMetadata(options.Metadata, failures);
        ValidateTools(options.Tools, failures);
        ValidateDuration(nameof(options.DeregisterTimeout), options.DeregisterTimeout, TimeSpan.Zero, MaxTimeout, exclusiveMinimum: true, failures);
        ValidateDuration(nameof(options.RequestTimeout), options.RequestTimeout, TimeSpan.Zero, MaxTimeout, exclusiveMinimum: true, failures);
        ValidateDuration(nameof(options.MaxBackoff), options.MaxBackoff, MinBackoffCap, MaxBackoffCap, exclusiveMinimum: false, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(Uri? url) =>
        url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    /// <summary>What is wrong with the endpoint, completing the sentence "Endpoint …"; null when it is acceptable.</summary>
    private static string? EndpointProblem(Uri? endpoint)
    {
        const string Expected = "is required: an absolute http or https URL, or an absolute path such as '/mcp' resolved against this host's listening address";
        if (endpoint is null)
        {
            return Expected + ".";
        }

        if (!endpoint.IsAbsoluteUri)
        {
            return endpoint.OriginalString.StartsWith('/') ? null : $"{Expected} (got '{endpoint.OriginalString}').";
        }

        if (!IsHttpUrl(endpoint))
        {
            return $"{Expected} (got '{endpoint}').";
        }

        if (endpoint.OriginalString.Length > MaxEndpointLength)
        {
            return $"must be at most {MaxEndpointLength} characters.";
        }

        if (!string.IsNullOrEmpty(endpoint.UserInfo))
        {
            return "must not contain user info.";
        }

        return IsForbiddenHost(endpoint) ? $"must not be a link-local or cloud-metadata address (got '{endpoint.Host}')." : null;
    }

    /// <summary>The addresses the router refuses to call: link-local ranges and cloud metadata services.</summary>
    private static bool IsForbiddenHost(Uri endpoint)
    {
        if (string.Equals(endpoint.IdnHost, "metadata.google.internal", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IPAddress.TryParse(endpoint.IdnHost.Trim('[', ']'), out var address))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            return bytes[0] == 169 && bytes[1] == 254;
        }

        return address.IsIPv6LinkLocal || address.Equals(IPAddress.Parse("fd00:ec2::254"));
    }

    private static void ValidateMetadata(IDictionary<string, string>? metadata, List<string> failures)
    {
        if (metadata is null)
        {
            return;
        }

        if (metadata.Count > MaxMetadataEntries)
        {
            failures.Add($"{Prefix}{nameof(McpRouterRegistrationOptions.Metadata)} has {metadata.Count} entries; at most {MaxMetadataEntries} are allowed.");
        }

        foreach (var (key, value) in metadata)
        {
            if (string.IsNullOrEmpty(key) || key.Length > MaxMetadataKeyLength)
            {
                failures.Add($"{Prefix}{nameof(McpRouterRegistrationOptions.Metadata)} keys must be 1-{MaxMetadataKeyLength} characters (got '{key}').");
            }

            if (value is null || value.Length > MaxMetadataValueLength)
            {
                failures.Add($"{Prefix}{nameof(McpRouterRegistrationOptions.Metadata)}:{key} must be a string of at most {MaxMetadataValueLength} characters.");
            }
        }
    }

    private static void ValidateTools(IList<McpRouterTool>? tools, List<string> failures)
    {
        if (tools is null)
        {
            return;
        }

        if (tools.Count > MaxTools)
        {
            failures.Add($"{Prefix}{nameof(McpRouterRegistrationOptions.Tools)} has {tools.Count} tools; at most {MaxTools} are allowed.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i];
            var key = $"{Prefix}{nameof(McpRouterRegistrationOptions.Tools)}:{i}";
            if (tool is null)
            {
                failures.Add($"{key} must not be null.");
                continue;
            }

            if (!McpRouterIdentifiers.IsValidToolName(tool.Name))
            {
                failures.Add($"{key}:{nameof(McpRouterTool.Name)} must be 1-{McpRouterIdentifiers.MaxToolNameLength} characters of A-Z a-z 0-9 _ . - (got '{tool.Name}').");
            }
            else if (!names.Add(tool.Name!))
            {
                failures.Add($"{key}:{nameof(McpRouterTool.Name)} '{tool.Name}' is used by more than one tool; names must be unique.");
            }

            if (tool.Description is { Length: > MaxToolDescriptionLength })
            {
                failures.Add($"{key}:{nameof(McpRouterTool.Description)} must be at most {MaxToolDescriptionLength} characters.");
            }

            if (tool.InputSchema.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
            {
                failures.Add($"{key}:{nameof(McpRouterTool.InputSchema)} must be a JSON object (got {tool.InputSchema.ValueKind}).");
            }
        }
    }

    private static void ValidateDuration(string setting, TimeSpan value, TimeSpan minimum, TimeSpan maximum, bool exclusiveMinimum, List<string> failures)
    {
        var tooSmall = exclusiveMinimum ? value <= minimum : value < minimum;
        if (tooSmall || value > maximum)
        {
            var range = exclusiveMinimum ? $"greater than {minimum} and at most {maximum}" : $"between {minimum} and {maximum}";
            failures.Add($"{Prefix}{setting} must be {range} (got {value}).");
        }
    }
}
