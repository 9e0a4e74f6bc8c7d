using Router.Gateway.Http;
using Router.Gateway.Registry;

namespace Router.Gateway.Events;

/// <summary>The feed's filters: <c>?mcpId=a,b</c> and <c>?types=instance.registered,tools.changed</c>. Absent means all.</summary>
internal sealed class EventFilter
{
    /// <summary>The most values one filter takes.</summary>
    public const int MaxValues = 256;

    private EventFilter(HashSet<string>? mcpIds, HashSet<string>? types)
    {
        McpIds = mcpIds;
        Types = types;
    }

    public IReadOnlySet<string>? McpIds { get; }

    public IReadOnlySet<string>? Types { get; }

    public bool Matches(FeedEvent feedEvent) =>
        (McpIds is null || McpIds.Contains(feedEvent.McpId)) && (Types is null || Types.Contains(feedEvent.Type));

    /// <summary>Parses the query values; invalid ones are reported under <c>mcpId</c> and <c>types</c>.</summary>
    public static EventFilter Parse(string? mcpIds, string? types, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return new EventFilter(
            Split(mcpIds, "mcpId", RegistryIdentifiers.IsMcpId, "Each value must be an MCP server id (^[a-z0-9][a-z0-9._-]{0,127}$).", errors),
            Split(types, "types", RegistryIdentifiers.IsEventType, "Each value must be a dotted event type such as instance.registered.", errors));
    }

    private static HashSet<string>? Split(string? value, string field, Func<string, bool> isValid, string message, ValidationErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        var values = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (values.Length == 0 || values.Length > MaxValues)
        {
            errors.Add(field, $"Give 1-{MaxValues} comma-separated values, or leave the filter out.");
            return null;
        }

        if (!values.All(isValid))
        {
            errors.Add(field, message);
            return null;
        }

        return new HashSet<string>(values, StringComparer.Ordinal);
    }
}
