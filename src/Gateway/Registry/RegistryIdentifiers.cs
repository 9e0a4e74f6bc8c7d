using System.Text.RegularExpressions;

namespace Router.Gateway.Registry;

/// <summary>The syntax of the registry's identifiers (docs/api/registry.md, "Identifiers and limits").</summary>
internal static partial class RegistryIdentifiers
{
    public const int MaxIdLength = 128;
    public const int MaxVersionLength = 64;

    /// <summary><c>^[a-z0-9][a-z0-9._-]{0,127}$</c>.</summary>
    public static bool IsMcpId(string? value) => value is { Length: > 0 and <= MaxIdLength } && McpIdPattern().IsMatch(value);

    /// <summary><c>^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$</c>.</summary>
    public static bool IsInstanceId(string? value) => value is { Length: > 0 and <= MaxIdLength } && InstanceIdPattern().IsMatch(value);

    /// <summary>1–64 characters of <c>A-Z a-z 0-9 . _ + -</c>.</summary>
    public static bool IsVersion(string? value) => value is { Length: > 0 and <= MaxVersionLength } && VersionPattern().IsMatch(value);

    /// <summary>1–128 characters of <c>A-Z a-z 0-9 _ . -</c>.</summary>
    public static bool IsToolName(string? value) => value is { Length: > 0 and <= MaxIdLength } && ToolNamePattern().IsMatch(value);

    /// <summary>A dotted event type such as <c>instance.registered</c>: lower-case words joined by dots, at most 64 characters.</summary>
    public static bool IsEventType(string? value) => value is { Length: > 0 and <= 64 } && EventTypePattern().IsMatch(value);

    /// <summary>A new instance id: 32 lower-case hexadecimal digits.</summary>
    public static string NewInstanceId() => Guid.NewGuid().ToString("N");

    // \A and \z rather than ^ and $: $ also matches before a final newline.
    [GeneratedRegex(@"\A[a-z0-9][a-z0-9._-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex McpIdPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._:-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceIdPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9._+-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9_.-]{1,128}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ToolNamePattern();

    [GeneratedRegex(@"\A[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+\z", RegexOptions.CultureInvariant)]
    private static partial Regex EventTypePattern();
}
