using Router.Abstractions.Grains;
using Router.Abstractions.Invocation;

namespace Router.Silo.Activation;

/// <summary>Creates grain references bound to this silo's invoker.</summary>
internal sealed class GrainFactory(SiloRuntime runtime) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var classInfo = runtime.Types.GetByInterface(typeof(TGrainInterface));
        if (!GrainInterfaceRegistry.TryGetReferenceFactory(typeof(TGrainInterface), out var factory))
        {
            throw new InvalidOperationException(
                $"No generated reference exists for {typeof(TGrainInterface)}: the project that declares it must reference Router.CodeGenerator as an analyzer.");
        }

        return (TGrainInterface)(object)factory(new GrainId(classInfo.TypeName, key), runtime.Invoker);
    }
}
