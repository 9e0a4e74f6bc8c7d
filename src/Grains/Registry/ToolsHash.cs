using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Router.Abstractions.Registry;

namespace Router.Grains.Registry;

/// <summary>The hash of a tool list: hex SHA-256 of the tools' canonical JSON, ordered by name.</summary>
internal static class ToolsHash
{
    public static string Compute(IEnumerable<ToolDescriptor> tools)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var tool in tools.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("name", tool.Name);
                writer.WriteString("description", tool.Description);
                writer.WritePropertyName("inputSchema");
                if (tool.InputSchema is { } schema)
                {
                    schema.WriteTo(writer);
                }
                else
                {
                    writer.WriteNullValue();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }
}
