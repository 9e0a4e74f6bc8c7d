using System.Text.Json;

namespace Router.Abstractions.Invocation;

/// <summary>
/// Invokes one grain method from serialized arguments and serializes its result: the receiving end of a
/// call from another node. Created by generated code, one per method.
/// </summary>
public abstract class GrainMethodInvoker
{
    /// <summary>The method.</summary>
    public abstract GrainMethodDescriptor Method { get; }

    /// <summary>Creates the invoker of the method <typeparamref name="TRequest"/> calls.</summary>
    public static GrainMethodInvoker Create<TRequest, TResult>()
        where TRequest : struct, IGrainRequest<TRequest, TResult> => new Typed<TRequest, TResult>();

    /// <summary>
    /// Reads the arguments (a JSON array), sends the call through <paramref name="invoker"/> to
    /// <paramref name="target"/>, and returns the result as JSON (null for methods without a result).
    /// </summary>
    public abstract ValueTask<byte[]?> InvokeSerializedAsync(
        IGrainCallInvoker invoker, GrainReference target, ReadOnlyMemory<byte> arguments, JsonSerializerOptions options);

    private sealed class Typed<TRequest, TResult> : GrainMethodInvoker
        where TRequest : struct, IGrainRequest<TRequest, TResult>
    {
        public override GrainMethodDescriptor Method => TRequest.Method;

        public override async ValueTask<byte[]?> InvokeSerializedAsync(
            IGrainCallInvoker invoker, GrainReference target, ReadOnlyMemory<byte> arguments, JsonSerializerOptions options)
        {
            var request = Read(arguments.Span, options);
            var result = await invoker.InvokeAsync<TRequest, TResult>(target, request).ConfigureAwait(false);
            return typeof(TResult) == typeof(NoResult)
                ? null
                : JsonSerializer.SerializeToUtf8Bytes(result, GrainArguments.GetTypeInfo<TResult>(options));
        }

        private static TRequest Read(ReadOnlySpan<byte> arguments, JsonSerializerOptions options)
        {
            var reader = new Utf8JsonReader(arguments);
            return TRequest.ReadArguments(ref reader, options);
        }
    }
}
