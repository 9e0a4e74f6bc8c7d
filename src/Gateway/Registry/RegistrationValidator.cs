using System.Text.Json;
using Router.Abstractions.Registry;
using Router.Gateway.Http;

namespace Router.Gateway.Registry;

/// <summary>
/// Checks a registration field by field against docs/api/registry.md ("Identifiers and limits") and turns it into an
/// <see cref="InstanceRegistration"/>. Every failure is reported under its field name (<c>version</c>,
/// <c>metadata.zone</c>, <c>tools[2].name</c>); nothing is registered unless every field is valid.
/// </summary>
internal static class RegistrationValidator
{
    public const int MaxEndpointLength = 2048;
    public const int MinHeartbeatIntervalSeconds = 1;
    public const int MaxHeartbeatIntervalSeconds = 300;
    public const int DefaultHeartbeatIntervalSeconds = 10;
    public const int MaxMetadataEntries = 64;
    public const int MaxMetadataKeyLength = 128;
    public const int MaxMetadataValueLength = 1024;
    public const int MaxTools = 1024;
    public const int MaxToolDescriptionLength = 4096;

    public const string StreamableHttp = "streamable-http";
    public const string Sse = "sse";

    /// <summary>Validates <paramref name="request"/>; returns the registration, or null with <paramref name="errors"/> filled.</summary>
    public static InstanceRegistration? Validate(string mcpId, RegisterInstanceRequest request, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        ValidateMcpId(mcpId, errors);

        var instanceId = request.InstanceId ?? RegistryIdentifiers.NewInstanceId();
        if (!RegistryIdentifiers.IsInstanceId(instanceId))
        {
            errors.Add("instanceId", "Must match ^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$, or be left out to have one generated.");
        }

        if (request.Version is null)
        {
            errors.Add("version", "Required.");
        }
        else if (!RegistryIdentifiers.IsVersion(request.Version))
        {
            errors.Add("version", "Must be 1-64 characters of A-Z a-z 0-9 . _ + -.");
        }

        ValidateEndpoint(request.Endpoint, errors);
        var transport = ParseTransport(request.Transport, errors);

        var interval = request.HeartbeatIntervalSeconds ?? DefaultHeartbeatIntervalSeconds;
        if (interval is < MinHeartbeatIntervalSeconds or > MaxHeartbeatIntervalSeconds)
        {
            errors.Add("heartbeatIntervalSeconds", $"Must be between {MinHeartbeatIntervalSeconds} and {MaxHeartbeatIntervalSeconds}.");
        }

        var metadata = ValidateMetadata(request.Metadata, errors);
        var tools = ValidateTools(request.Tools, errors);
        return errors.HasErrors
            ? null
            : new InstanceRegistration(instanceId, request.Version!, request.Endpoint!, transport, interval, metadata, tools);
    }

    public static void ValidateMcpId(string? mcpId, ValidationErrors errors, string field = "mcpId")
    {
        if (!RegistryIdentifiers.IsMcpId(mcpId))
        {
            errors.Add(field, "Must match ^[a-z0-9][a-z0-9._-]{0,127}$.");
        }
    }

    public static void ValidateInstanceId(string? instanceId, ValidationErrors errors, string field = "instanceId")
    {
        if (!RegistryIdentifiers.IsInstanceId(instanceId))
        {
            errors.Add(field, "Must match ^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$.");
        }
    }

    /// <summary>Validates a reported load (<paramref name="prefix"/> names it in errors); null stays null.</summary>
    public static InstanceLoad? ValidateLoad(HeartbeatRequest? load, ValidationErrors errors, string prefix = "")
    {
        if (load is null)
        {
            return null;
        }

        if (load.InFlightCalls < 0)
        {
            errors.Add(prefix + "inFlightCalls", "Must not be negative.");
        }

        if (load.MaxConcurrentCalls < 0)
        {
            errors.Add(prefix + "maxConcurrentCalls", "Must not be negative.");
        }

        return new InstanceLoad(load.InFlightCalls ?? 0, load.MaxConcurrentCalls);
    }

    private static void ValidateEndpoint(string? endpoint, ValidationErrors errors)
    {
        const string Field = "endpoint";
        if (endpoint is null)
        {
            errors.Add(Field, "Required.");
            return;
        }

        if (endpoint.Length > MaxEndpointLength)
        {
            errors.Add(Field, $"Must be at most {MaxEndpointLength} characters.");
            return;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            errors.Add(Field, "Must be an absolute http or https URL.");
            return;
        }

        if (uri.UserInfo.Length > 0)
        {
            errors.Add(Field, "Must not carry user information.");
            return;
        }

        if (EndpointGuard.IsForbidden(uri))
        {
            errors.Add(Field, "Must not point at a link-local or cloud metadata address.");
        }
    }

    private static McpTransport ParseTransport(string? transport, ValidationErrors errors)
    {
        switch (transport)
        {
            case null or StreamableHttp:
                return McpTransport.StreamableHttp;
            case Sse:
                return McpTransport.Sse;
            default:
                errors.Add("transport", $"Must be '{StreamableHttp}' or '{Sse}'.");
                return McpTransport.StreamableHttp;
        }
    }

    private static Dictionary<string, string> ValidateMetadata(Dictionary<string, string?>? metadata, ValidationErrors errors)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metadata is null)
        {
            return result;
        }

        if (metadata.Count > MaxMetadataEntries)
        {
            errors.Add("metadata", $"At most {MaxMetadataEntries} entries.");
            return result;
        }

        foreach (var (key, value) in metadata)
        {
            if (key.Length is 0 or > MaxMetadataKeyLength)
            {
                errors.Add("metadata", $"Keys must be 1-{MaxMetadataKeyLength} characters.");
                continue;
            }

            if (value is null)
            {
                errors.Add($"metadata.{key}", "Must be a string.");
            }
            else if (value.Length > MaxMetadataValueLength)
            {
                errors.Add($"metadata.{key}", $"Must be at most {MaxMetadataValueLength} characters.");
            }
            else
            {
                result[key] = value;
            }
        }

        return result;
    }

    private static List<ToolDescriptor> ValidateTools(List<ToolRequest?>? tools, ValidationErrors errors)
    {
        var result = new List<ToolDescriptor>();
        if (tools is null)
        {
            return result;
        }

        if (tools.Count > MaxTools)
        {
            errors.Add("tools", $"At most {MaxTools} tools.");
            return result;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tools.Count; i++)
        {
            var field = $"tools[{i}]";
            if (tools[i] is not { } tool)
            {
                errors.Add(field, "Must be an object.");
                continue;
            }

            if (!RegistryIdentifiers.IsToolName(tool.Name))
            {
                errors.Add($"{field}.name", "Must be 1-128 characters of A-Z a-z 0-9 _ . -.");
            }
            else if (!names.Add(tool.Name!))
            {
                errors.Add($"{field}.name", $"Duplicates the tool name '{tool.Name}'.");
            }

            if (tool.Description is { Length: > MaxToolDescriptionLength })
            {
                errors.Add($"{field}.description", $"Must be at most {MaxToolDescriptionLength} characters.");
            }

            JsonElement? schema = null;
            if (tool.InputSchema is { ValueKind: not JsonValueKind.Null } given)
            {
                if (given.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{field}.inputSchema", "Must be a JSON object.");
                }
                else
                {
                    schema = given;
                }
            }

            result.Add(new ToolDescriptor(tool.Name ?? "", tool.Description, schema));
        }

        return result;
    }
}
