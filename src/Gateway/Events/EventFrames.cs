using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Router.Abstractions.Events;
using Router.Gateway.Http;

namespace Router.Gateway.Events;

/// <summary>Encodes Server-Sent Events frames: events of the log, the feed's control events, comments.</summary>
internal static class EventFrames
{
    /// <summary>The comment an idle stream sends.</summary>
    public static ReadOnlyMemory<byte> KeepAlive { get; } = ": keep-alive\n\n"u8.ToArray();

    /// <summary>
    /// <c>id: 42</c> / <c>event: instance.registered</c> / <c>data: {"sequence":42,"type":…,"data":{…}}</c>. The data
    /// is one line: stored JSON containing line breaks (whitespace only, JSON strings escape theirs) is re-encoded compactly.
    /// </summary>
    public static FeedEvent Encode(LoggedEvent logged)
    {
        ArgumentNullException.ThrowIfNull(logged);
        var buffer = new ArrayBufferWriter<byte>(256 + logged.Data.Length);
        WriteLine(buffer, "id: ", logged.Sequence.ToString(CultureInfo.InvariantCulture));
        WriteLine(buffer, "event: ", logged.Type);
        buffer.Write("data: "u8);
        int dataStart, dataEnd;
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("sequence", logged.Sequence);
            json.WriteString("type", logged.Type);
            json.WriteString("time", logged.Time);
            json.WriteString("mcpId", logged.McpId);
            json.WriteString("instanceId", logged.InstanceId);
            json.WriteString("version", logged.Version);
            json.WritePropertyName("data");
            json.Flush();
            dataStart = buffer.WrittenCount;
            WriteData(json, logged.Data);
            json.Flush();
            dataEnd = buffer.WrittenCount;
            json.WriteEndObject();
        }

        buffer.Write("\n\n"u8);
        return new FeedEvent(logged.Sequence, logged.Type, logged.McpId, logged.InstanceId, buffer.WrittenSpan.ToArray(), dataStart, dataEnd - dataStart);
    }

    /// <summary><c>event: reset</c> with <c>{"reason":…,"oldestSequence":N}</c>.</summary>
    public static byte[] Reset(FeedReset reset) =>
        Frame(null, "reset", JsonSerializer.SerializeToUtf8Bytes(reset, GatewayJsonContext.Default.FeedReset));

    /// <summary><c>id: &lt;sequence&gt;</c> / <c>event: snapshot</c>: a client that disconnects after it resumes after the snapshot.</summary>
    public static byte[] Snapshot(RegistrySnapshot snapshot) =>
        Frame(snapshot.Sequence.ToString(CultureInfo.InvariantCulture), "snapshot",
            JsonSerializer.SerializeToUtf8Bytes(snapshot, GatewayJsonContext.Default.RegistrySnapshot));

    /// <summary>A frame with one <c>data</c> line; <paramref name="json"/> is compact JSON (no line breaks).</summary>
    public static byte[] Frame(string? id, string eventName, ReadOnlySpan<byte> json)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + json.Length);
        if (id is not null)
        {
            WriteLine(buffer, "id: ", id);
        }

        WriteLine(buffer, "event: ", eventName);
        buffer.Write("data: "u8);
        buffer.Write(json);
        buffer.Write("\n\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes the stored data, checked to be JSON (once per event, by the single feed loop): a malformed record becomes
    /// <c>null</c> rather than breaking every subscriber's stream.
    /// </summary>
    private static void WriteData(Utf8JsonWriter json, byte[] data)
    {
        try
        {
            if (data.AsSpan().IndexOfAny((byte)'\n', (byte)'\r') < 0)
            {
                json.WriteRawValue(data, skipInputValidation: false);
                return;
            }

            using var document = JsonDocument.Parse(data);
            document.RootElement.WriteTo(json);
        }
        catch (JsonException)
        {
            json.WriteNullValue();
        }
    }

    private static void WriteLine(ArrayBufferWriter<byte> buffer, string field, string value)
    {
        // Field values are sequence numbers and dotted event types; a line break would end the field early.
        Encoding.UTF8.GetBytes(field, buffer);
        Encoding.UTF8.GetBytes(value.ReplaceLineEndings(" "), buffer);
        buffer.Write("\n"u8);
    }
}
