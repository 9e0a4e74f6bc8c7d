using System.Text.Json;
using Router.Client;

namespace Router.Registrar;

/// <summary>
/// Reads the tools a server advertises from a JSON file: an array of <c>{"name", "description", "inputSchema"}</c>
/// objects, or an object with such an array under <c>"tools"</c> (the shape of an MCP <c>tools/list</c> result, so one
/// can be saved and reused as it is).
/// </summary>
internal static class ToolsFile
{
    /// <summary>The largest file read: the registry API takes at most 1 MiB per registration.</summary>
    private const long MaxFileBytes = 1024 * 1024;

    /// <summary>Reads the tools at <paramref name="path"/>; returns what is wrong, or null on success.</summary>
    public static string? TryLoad(string path, out IReadOnlyList<McpRouterTool> tools)
    {
        tools = [];
        JsonDocument document;
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                return "the file does not exist.";
            }

            if (file.Length > MaxFileBytes)
            {
                return $"the file is larger than {MaxFileBytes} bytes.";
            }

            using var stream = file.OpenRead();
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"the file cannot be read ({ex.Message}).";
        }
        catch (JsonException ex)
        {
            return $"the file is not valid JSON ({ex.Message}).";
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("tools", out var nested))
            {
                root = nested;
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                return "expected a JSON array of tools, or an object with a \"tools\" array.";
            }

            var loaded = new List<McpRouterTool>();
            var index = 0;
            foreach (var item in root.EnumerateArray())
            {
                if (ReadTool(item) is not { } tool)
                {
                    return $"tool {index} must be an object with a \"name\" string, an optional \"description\" string and an optional \"inputSchema\" object.";
                }

                if (!McpRouterIdentifiers.IsValidToolName(tool.Name))
                {
                    return $"tool {index} has an invalid name '{tool.Name}' (1-{McpRouterIdentifiers.MaxToolNameLength} characters of A-Z a-z 0-9 _ . -).";
                }

                loaded.Add(tool);
                index++;
            }

            tools = loaded;
            return null;
        }
    }

    private static McpRouterTool? ReadTool(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object
            || !item.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        string? description = null;
        if (item.TryGetProperty("description", out var descriptionElement))
        {
            if (descriptionElement.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return null;
            }

            description = descriptionElement.GetString();
        }

        var schema = default(JsonElement);
        if (item.TryGetProperty("inputSchema", out var schemaElement))
        {
            if (schemaElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            // Cloned: the document is disposed once the file is read.
            schema = schemaElement.Clone();
        }

        return new McpRouterTool { Name = name.GetString(), Description = description, InputSchema = schema };
    }
}
