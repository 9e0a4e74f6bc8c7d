namespace Router.Abstractions.Invocation;

/// <summary>
/// The runtime's entry point for calls made through grain references. Implemented by the runtime,
/// called by generated references.
/// </summary>
public interface IGrainCallInvoker
{
    /// <summary>Sends <paramref name="request"/> to the grain <paramref name="target"/> refers to.</summary>
    ValueTask<TResult> InvokeAsync<TRequest, TResult>(GrainReference target, TRequest request)
        where TRequest : struct, IGrainRequest<TRequest, TResult>;
}
