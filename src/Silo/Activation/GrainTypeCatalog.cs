using System.Collections.Frozen;
using System.Reflection;
using Router.Abstractions.Grains;
using Router.Abstractions.Invocation;

namespace Router.Silo.Activation;

/// <summary>Maps grain interfaces and grain type names to grain classes, from the registered grain assemblies.</summary>
internal sealed class GrainTypeCatalog
{
    private readonly FrozenDictionary<Type, GrainClassInfo> _byInterface;
    private readonly FrozenDictionary<string, GrainClassInfo> _byTypeName;

    public GrainTypeCatalog(IEnumerable<GrainAssemblyRegistration> assemblies)
    {
        var byInterface = new Dictionary<Type, GrainClassInfo>();
        var byTypeName = new Dictionary<string, GrainClassInfo>(StringComparer.Ordinal);
        foreach (var assembly in assemblies.Select(a => a.Assembly).Distinct())
        {
            GrainInterfaceRegistry.EnsureRegistered(assembly);
            foreach (var type in assembly.GetTypes())
            {
                if (!type.IsClass || type.IsAbstract || type.IsGenericTypeDefinition || !typeof(Grain).IsAssignableFrom(type))
                {
                    continue;
                }

                var info = new GrainClassInfo(type, GrainClassInfo.GetTypeName(type));
                if (!byTypeName.TryAdd(info.TypeName, info))
                {
                    throw new InvalidOperationException(
                        $"Grain classes {byTypeName[info.TypeName].ClassType} and {type} share the grain type name '{info.TypeName}'. Give one a [GrainType] attribute.");
                }

                foreach (var grainInterface in type.GetInterfaces().Where(IsGrainInterface))
                {
                    if (byInterface.TryGetValue(grainInterface, out var existing))
                    {
                        throw new InvalidOperationException(
                            $"Grain interface {grainInterface} is implemented by both {existing.ClassType} and {type}; one interface maps to one grain class.");
                    }

                    GrainInterfaceRegistry.EnsureRegistered(grainInterface.Assembly);
                    byInterface[grainInterface] = info;
                }
            }
        }

        _byInterface = byInterface.ToFrozenDictionary();
        _byTypeName = byTypeName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public int Count => _byTypeName.Count;

    public IEnumerable<GrainClassInfo> Classes => _byTypeName.Values;

    public GrainClassInfo GetByInterface(Type grainInterface) =>
        _byInterface.TryGetValue(grainInterface, out var info)
            ? info
            : throw new InvalidOperationException(
                $"No grain class implements {grainInterface}. Register the assembly that holds it with AddGrains.");

    public GrainClassInfo GetByTypeName(string typeName) =>
        _byTypeName.TryGetValue(typeName, out var info)
            ? info
            : throw new InvalidOperationException($"No grain class has the grain type name '{typeName}'.");

    private static bool IsGrainInterface(Type type) =>
        typeof(IGrain).IsAssignableFrom(type) && type != typeof(IGrain) && type != typeof(IGrainWithStringKey);
}
