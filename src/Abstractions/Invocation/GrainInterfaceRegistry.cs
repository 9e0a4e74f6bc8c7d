using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Router.Abstractions.Grains;

namespace Router.Abstractions.Invocation;

/// <summary>
/// The process-wide table of generated grain references and method invokers. Generated module
/// initializers fill it; the runtime reads it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GrainInterfaceRegistry
{
    private static readonly ConcurrentDictionary<Type, Func<GrainId, IGrainCallInvoker, GrainReference>> ReferenceFactories = new();
    private static readonly ConcurrentDictionary<string, GrainMethodInvoker> MethodInvokers = new(StringComparer.Ordinal);

    /// <summary>Registers the generated reference of <typeparamref name="TInterface"/> and its methods.</summary>
    public static void Register<TInterface>(Func<GrainId, IGrainCallInvoker, GrainReference> referenceFactory, params GrainMethodInvoker[] methods)
        where TInterface : IGrain
    {
        ArgumentNullException.ThrowIfNull(referenceFactory);
        ArgumentNullException.ThrowIfNull(methods);
        ReferenceFactories[typeof(TInterface)] = referenceFactory;
        foreach (var method in methods)
        {
            MethodInvokers[method.Method.Key] = method;
        }
    }

    /// <summary>Finds the reference factory of a grain interface, running its assembly's initializer if needed.</summary>
    public static bool TryGetReferenceFactory(Type interfaceType, [NotNullWhen(true)] out Func<GrainId, IGrainCallInvoker, GrainReference>? factory)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        if (ReferenceFactories.TryGetValue(interfaceType, out factory))
        {
            return true;
        }

        RuntimeHelpers.RunModuleConstructor(interfaceType.Module.ModuleHandle);
        return ReferenceFactories.TryGetValue(interfaceType, out factory);
    }

    /// <summary>Finds the invoker of a method by its <see cref="GrainMethodDescriptor.Key"/>.</summary>
    public static bool TryGetMethodInvoker(string key, [NotNullWhen(true)] out GrainMethodInvoker? invoker) =>
        MethodInvokers.TryGetValue(key, out invoker);

    /// <summary>Runs the generated initializer of an assembly, so that its interfaces are registered.</summary>
    public static void EnsureRegistered(System.Reflection.Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
    }
}
