using System.Text.Json;

namespace Router.Abstractions.Invocation;

/// <summary>
/// One call of one grain interface method, with its arguments. The code generator emits a struct
/// implementing this interface per method. Locally the runtime invokes it directly (no serialization);
/// across nodes it writes and reads the arguments as a JSON array.
/// </summary>
/// <typeparam name="TRequest">The request struct itself.</typeparam>
/// <typeparam name="TResult">The method's result type, or <see cref="NoResult"/>.</typeparam>
public interface IGrainRequest<TRequest, TResult>
    where TRequest : struct, IGrainRequest<TRequest, TResult>
{
    /// <summary>The method this request calls.</summary>
    static abstract GrainMethodDescriptor Method { get; }

    /// <summary>Calls the method on a grain instance.</summary>
    ValueTask<TResult> InvokeAsync(object grain);

    /// <summary>Writes the arguments as a JSON array.</summary>
    void WriteArguments(Utf8JsonWriter writer, JsonSerializerOptions options);

    /// <summary>Reads arguments written by <see cref="WriteArguments"/>; the reader is positioned before the array.</summary>
    static abstract TRequest ReadArguments(ref Utf8JsonReader reader, JsonSerializerOptions options);
}
