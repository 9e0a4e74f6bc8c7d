using Microsoft.Extensions.DependencyInjection;
using Router.Silo.Activation;

namespace Router.Silo.Storage;

/// <summary>Creates the persistent state objects injected into grain constructors.</summary>
internal static class PersistentStateFactory
{
    public static IPersistentStateLifecycle Create<TState>(ActivationData activation, string stateName, string? storageName)
        where TState : class, new()
    {
        var runtime = activation.Runtime;
        var name = storageName ?? runtime.Options.DefaultStorageName;
        var storage = runtime.Services.GetKeyedService<IGrainStorage>(name)
            ?? throw new InvalidOperationException(
                $"Grain {activation.GrainId} asks for state '{stateName}' in storage provider '{name}', which is not registered.");
        return new PersistentState<TState>(activation.GrainId, stateName, storage, runtime.Serializer.Options);
    }
}
