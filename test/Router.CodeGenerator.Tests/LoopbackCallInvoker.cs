using System.Buffers;
using System.Text;
using System.Text.Json;
using Router.Abstractions.Invocation;

namespace Router.CodeGenerator.Tests;

/// <summary>
/// A call invoker that delivers every call to one grain instance. With <see cref="Serialize"/> it sends the
/// arguments and the result through JSON the way a call between nodes would; otherwise it invokes the request
/// as the local runtime does.
/// </summary>
internal sealed class LoopbackCallInvoker(object grain, JsonSerializerOptions options) : IGrainCallInvoker
{
    /// <summary>Whether calls go through JSON.</summary>
    public bool Serialize { get; set; } = true;

    /// <summary>The argument arrays sent, as JSON.</summary>
    public List<string> SentArguments { get; } = [];

    /// <summary>The descriptors of the methods called, in order.</summary>
    public List<GrainMethodDescriptor> Methods { get; } = [];

    /// <inheritdoc />
    public async ValueTask<TResult> InvokeAsync<TRequest, TResult>(GrainReference target, TRequest request)
        where TRequest : struct, IGrainRequest<TRequest, TResult>
    {
        Methods.Add(TRequest.Method);
        if (!Serialize)
        {
            return await request.InvokeAsync(grain);
        }

        var received = SendArguments<TRequest, TResult>(request);
        var result = await received.InvokeAsync(grain);
        return typeof(TResult) == typeof(NoResult) ? result : SendResult(result);
    }

    private TRequest SendArguments<TRequest, TResult>(TRequest request)
        where TRequest : struct, IGrainRequest<TRequest, TResult>
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            request.WriteArguments(writer, options);
        }

        SentArguments.Add(Encoding.UTF8.GetString(buffer.WrittenSpan));
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return TRequest.ReadArguments(ref reader, options);
    }

    private TResult SendResult<TResult>(TResult result)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(result, GrainArguments.GetTypeInfo<TResult>(options));
        return JsonSerializer.Deserialize(json, GrainArguments.GetTypeInfo<TResult>(options))!;
    }
}
