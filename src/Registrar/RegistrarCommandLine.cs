using System.Globalization;
using Router.Client;

namespace Router.Registrar;

/// <summary>
/// Parses the registrar's command line by hand: <c>--name value</c> or <c>--name=value</c>, with <c>--metadata</c>
/// taking one or more <c>key=value</c> entries. Every error names the argument it is about.
/// </summary>
internal static class RegistrarCommandLine
{
    /// <summary>Where the API key comes from when <c>--api-key</c> is not given.</summary>
    public const string ApiKeyEnvironmentVariable = "ROUTER_API_KEY";

    private const string Router = "--router";
    private const string McpId = "--mcp-id";
    private const string Version = "--version";
    private const string Endpoint = "--endpoint";
    private const string Transport = "--transport";
    private const string Lease = "--lease";
    private const string Interval = "--interval";
    private const string InstanceId = "--instance-id";
    private const string ApiKey = "--api-key";
    private const string ToolsFilePath = "--tools-file";
    private const string Metadata = "--metadata";

    private static readonly HashSet<string> SingleValued =
        [Router, McpId, Version, Endpoint, Transport, Lease, Interval, InstanceId, ApiKey, ToolsFilePath];

    /// <summary>Parses <paramref name="args"/>; <paramref name="environment"/> looks up environment variables.</summary>
    public static RegistrarParseResult Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (token is "-h" or "--help")
            {
                return RegistrarParseResult.Help();
            }

            if (!IsOption(token))
            {
                return RegistrarParseResult.Failure($"unexpected argument '{token}'; every argument is an option starting with --.");
            }

            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? token : token[..equals];
            var inlineValue = equals < 0 ? null : token[(equals + 1)..];
            if (name == Metadata)
            {
                var entries = new List<string>();
                if (inlineValue is not null)
                {
                    entries.Add(inlineValue);
                }

                while (i + 1 < args.Count && !IsOption(args[i + 1]))
                {
                    entries.Add(args[++i]);
                }

                if (entries.Count == 0)
                {
                    return RegistrarParseResult.Failure($"{Metadata} needs at least one key=value entry.");
                }

                foreach (var entry in entries)
                {
                    if (AddMetadata(entry, metadata) is { } metadataError)
                    {
                        return RegistrarParseResult.Failure(metadataError);
                    }
                }

                continue;
            }

            if (!SingleValued.Contains(name))
            {
                return RegistrarParseResult.Failure($"unknown argument '{name}'.");
            }

            if (values.ContainsKey(name))
            {
                return RegistrarParseResult.Failure($"{name} is given more than once.");
            }

            if (inlineValue is null)
            {
                if (i + 1 >= args.Count || IsOption(args[i + 1]))
                {
                    return RegistrarParseResult.Failure($"{name} needs a value.");
                }

                inlineValue = args[++i];
            }

            values[name] = inlineValue;
        }

        return Build(values, metadata, environment);
    }

    private static bool IsOption(string token) => token.StartsWith("--", StringComparison.Ordinal) && token.Length > 2;

    private static string? AddMetadata(string entry, Dictionary<string, string> metadata)
    {
        var equals = entry.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return $"{Metadata} entry '{entry}' must be key=value with a non-empty key.";
        }

        var key = entry[..equals];
        return metadata.TryAdd(key, entry[(equals + 1)..]) ? null : $"{Metadata} key '{key}' is given more than once.";
    }

    private static RegistrarParseResult Build(Dictionary<string, string> values, Dictionary<string, string> metadata, Func<string, string?> environment)
    {
        foreach (var required in (string[])[Router, McpId, Version, Endpoint])
        {
            if (!values.ContainsKey(required))
            {
                return RegistrarParseResult.Failure($"{required} is required.");
            }
        }

        if (!TryHttpUrl(values[Router], out var routerUrl))
        {
            return RegistrarParseResult.Failure($"{Router} must be an absolute http or https URL (got '{values[Router]}').");
        }

        var mcpId = values[McpId];
        if (!McpRouterIdentifiers.IsValidMcpId(mcpId))
        {
            return RegistrarParseResult.Failure($"{McpId} must match ^[a-z0-9][a-z0-9._-]{{0,127}}$ (got '{mcpId}').");
        }

        var version = values[Version];
        if (!McpRouterIdentifiers.IsValidVersion(version))
        {
            return RegistrarParseResult.Failure($"{Version} must be 1-64 characters of A-Z a-z 0-9 . _ + - (got '{version}').");
        }

        if (!TryHttpUrl(values[Endpoint], out var endpoint))
        {
            return RegistrarParseResult.Failure($"{Endpoint} must be an absolute http or https URL (got '{values[Endpoint]}').");
        }

        var transport = McpRouterTransport.StreamableHttp;
        if (values.TryGetValue(Transport, out var transportText))
        {
            switch (transportText)
            {
                case "streamable-http":
                    break;
                case "sse":
                    transport = McpRouterTransport.Sse;
                    break;
                default:
                    return RegistrarParseResult.Failure($"{Transport} must be streamable-http or sse (got '{transportText}').");
            }
        }

        var leaseMode = McpRouterLeaseMode.Heartbeat;
        if (values.TryGetValue(Lease, out var leaseText))
        {
            switch (leaseText)
            {
                case "heartbeat":
                    break;
                case "connection":
                    leaseMode = McpRouterLeaseMode.Connection;
                    break;
                default:
                    return RegistrarParseResult.Failure($"{Lease} must be heartbeat or connection (got '{leaseText}').");
            }
        }

        TimeSpan? interval = null;
        if (values.TryGetValue(Interval, out var intervalText))
        {
            if (!int.TryParse(intervalText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > 300)
            {
                return RegistrarParseResult.Failure($"{Interval} must be a whole number of seconds from 1 to 300 (got '{intervalText}').");
            }

            interval = TimeSpan.FromSeconds(seconds);
        }

        var instanceId = values.GetValueOrDefault(InstanceId);
        if (instanceId is not null && !McpRouterIdentifiers.IsValidInstanceId(instanceId))
        {
            return RegistrarParseResult.Failure($"{InstanceId} must match ^[A-Za-z0-9][A-Za-z0-9._:-]{{0,127}}$ (got '{instanceId}').");
        }

        var apiKey = values.GetValueOrDefault(ApiKey);
        if (apiKey is not null && string.IsNullOrWhiteSpace(apiKey))
        {
            return RegistrarParseResult.Failure($"{ApiKey} must not be empty.");
        }

        apiKey ??= environment(ApiKeyEnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;

        IReadOnlyList<McpRouterTool> tools = [];
        if (values.TryGetValue(ToolsFilePath, out var toolsPath))
        {
            if (ToolsFile.TryLoad(toolsPath, out tools) is { } toolsError)
            {
                return RegistrarParseResult.Failure($"{ToolsFilePath} '{toolsPath}': {toolsError}");
            }
        }

        return RegistrarParseResult.Success(new RegistrarArguments(
            routerUrl, mcpId, version, endpoint, transport, leaseMode, interval, instanceId, apiKey, metadata, tools));
    }

    private static bool TryHttpUrl(string text, out Uri url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url!) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
}
