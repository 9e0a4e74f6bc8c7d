using System.Text.RegularExpressions;

namespace Router.Client;

/// <summary>
/// The identifier rules of the router's registry API, so a server (or a tool such as the registrar) can check its
/// settings before it talks to the router.
/// </summary>
public static partial class McpRouterIdentifiers
{
    /// <summary>The most characters a tool name may have.</summary>
    public const int MaxToolNameLength = 128;

    /// <summary>Whether <paramref name="value"/> is a valid server id: <c>^[a-z0-9][a-z0-9._-]{0,127}$</c>.</summary>
    /// <param name="value">The candidate id.</param>
    /// <returns>True when it is valid.</returns>
    public static bool IsValidMcpId(string? value) => value is not null && McpIdPattern().IsMatch(value);

    /// <summary>Whether <paramref name="value"/> is a valid instance id: <c>^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$</c>.</summary>
    /// <param name="value">The candidate id.</param>
    /// <returns>True when it is valid.</returns>
    public static bool IsValidInstanceId(string? value) => value is not null && InstanceIdPattern().IsMatch(value);

    /// <summary>Whether <paramref name="value"/> is a valid version: 1–64 characters of <c>A-Z a-z 0-9 . _ + -</c>.</summary>
    /// <param name="value">The candidate version.</param>
    /// <returns>True when it is valid.</returns>
    public static bool IsValidVersion(string? value) => value is not null && VersionPattern().IsMatch(value);

    /// <summary>Whether <paramref name="value"/> is a valid tool name: 1–128 characters of <c>A-Z a-z 0-9 _ . -</c>.</summary>
    /// <param name="value">The candidate name.</param>
    /// <returns>True when it is valid.</returns>
    public static bool IsValidToolName(string? value) => value is not null && ToolNamePattern().IsMatch(value);

    // \z rather than $: $ also matches before a final newline.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex McpIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9._+-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,128}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ToolNamePattern();
}
