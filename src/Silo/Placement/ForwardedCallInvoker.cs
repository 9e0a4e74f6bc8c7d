using Router.Abstractions.Invocation;
using Router.Silo.Activation;

namespace Router.Silo.Placement;

/// <summary>Invokes a call another silo sent here, carrying its <see cref="RemoteCallContext"/> into placement.</summary>
internal sealed class ForwardedCallInvoker(GrainCallInvoker invoker, RemoteCallContext context) : IGrainCallInvoker
{
    public ValueTask<TResult> InvokeAsync<TRequest, TResult>(GrainReference target, TRequest request)
        where TRequest : struct, IGrainRequest<TRequest, TResult> =>
        invoker.InvokeAsync<TRequest, TResult>(target, request, context);
}
