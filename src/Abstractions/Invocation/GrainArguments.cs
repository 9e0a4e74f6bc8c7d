using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Router.Abstractions.Invocation;

/// <summary>
/// Reads and writes grain call arguments as a JSON array, using the serializer's registered
/// (source-generated) type information. Used by generated request structs.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GrainArguments
{
    /// <summary>Writes one argument.</summary>
    public static void Write<T>(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, GetTypeInfo<T>(options));

    /// <summary>Moves the reader onto the start of the argument array.</summary>
    /// <exception cref="JsonException">The payload does not start with an array.</exception>
    public static void ReadStart(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.None && !reader.Read())
        {
            throw new JsonException("Grain call arguments are empty.");
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Grain call arguments must be a JSON array, found {reader.TokenType}.");
        }
    }

    /// <summary>Reads the next argument.</summary>
    /// <exception cref="JsonException">The array has fewer arguments than the method takes.</exception>
    public static T Read<T>(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
        {
            throw new JsonException("Grain call arguments are missing a value.");
        }

        return JsonSerializer.Deserialize(ref reader, GetTypeInfo<T>(options))!;
    }

    /// <summary>Checks that the argument array ends here.</summary>
    /// <exception cref="JsonException">The array has more arguments than the method takes.</exception>
    public static void ReadEnd(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("Grain call arguments have more values than the method takes.");
        }
    }

    /// <summary>Returns the registered type information for <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException">No registered serializer context knows the type.</exception>
    public static JsonTypeInfo<T> GetTypeInfo<T>(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TryGetTypeInfo(typeof(T), out var info) && info is JsonTypeInfo<T> typed)
        {
            return typed;
        }

        throw new NotSupportedException(
            $"The type {typeof(T)} is not known to the grain serializer. Add [JsonSerializable(typeof({typeof(T).Name}))] " +
            "to a JsonSerializerContext and register it with AddSerializerContext.");
    }
}
