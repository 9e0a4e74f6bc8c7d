using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Router.Abstractions.Grains;
using Router.Abstractions.Persistence;
using Router.Silo.Storage;

namespace Router.Silo.Activation;

/// <summary>What the runtime knows about one grain class: its type name, scheduling and lifetime attributes, and how to construct it.</summary>
internal sealed class GrainClassInfo
{
    private readonly ConstructorInfo _constructor;
    private readonly Func<ActivationData, object?>[] _argumentFactories;

    public GrainClassInfo(Type classType, string typeName)
    {
        ClassType = classType;
        TypeName = typeName;
        IsReentrant = classType.IsDefined(typeof(ReentrantAttribute), inherit: true);
        KeepAlive = classType.IsDefined(typeof(KeepAliveAttribute), inherit: true);
        CollectionAge = classType.GetCustomAttribute<CollectionAgeLimitAttribute>(inherit: true)?.Amount;
        MaxLocalWorkers = classType.GetCustomAttribute<StatelessWorkerAttribute>(inherit: true)?.MaxLocalWorkers ?? 0;

        var constructors = classType.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        if (constructors.Length == 0)
        {
            throw new InvalidOperationException($"Grain class {classType} has no public constructor.");
        }

        _constructor = constructors.OrderByDescending(c => c.GetParameters().Length).First();
        _argumentFactories = _constructor.GetParameters().Select(CreateArgumentFactory).ToArray();
    }

    public Type ClassType { get; }

    public string TypeName { get; }

    public bool IsReentrant { get; }

    public bool KeepAlive { get; }

    public TimeSpan? CollectionAge { get; }

    /// <summary>Greater than zero for stateless workers.</summary>
    public int MaxLocalWorkers { get; }

    public bool IsStatelessWorker => MaxLocalWorkers > 0;

    /// <summary>Constructs the grain for an activation; the activation must have entered construction scope.</summary>
    public object CreateInstance(ActivationData activation)
    {
        var arguments = new object?[_argumentFactories.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = _argumentFactories[i](activation);
        }

        try
        {
            return _constructor.Invoke(arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }

    /// <summary>The derived grain type name: the class name without a trailing "Grain", in lower case.</summary>
    public static string GetTypeName(Type classType)
    {
        var attribute = classType.GetCustomAttribute<GrainTypeAttribute>(inherit: false);
        if (attribute is not null)
        {
            return attribute.Name;
        }

        var name = classType.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }

        if (name.Length > "Grain".Length && name.EndsWith("Grain", StringComparison.Ordinal))
        {
            name = name[..^"Grain".Length];
        }

        return name.ToLowerInvariant();
    }

    private Func<ActivationData, object?> CreateArgumentFactory(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        var stateAttribute = parameter.GetCustomAttribute<PersistentStateAttribute>();
        if (stateAttribute is not null)
        {
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            {
                throw new InvalidOperationException(
                    $"Parameter '{parameter.Name}' of {ClassType} carries [PersistentState] but is not IPersistentState<T>.");
            }

            var stateType = type.GetGenericArguments()[0];
            var create = typeof(PersistentStateFactory).GetMethod(nameof(PersistentStateFactory.Create))!.MakeGenericMethod(stateType);
            var factory = create.CreateDelegate<Func<ActivationData, string, string?, IPersistentStateLifecycle>>();
            var stateName = stateAttribute.StateName;
            var storageName = stateAttribute.StorageName;
            return activation => activation.AddPersistentState(factory(activation, stateName, storageName));
        }

        if (type == typeof(IGrainContext))
        {
            return static activation => activation;
        }

        if (type == typeof(IGrainFactory))
        {
            return static activation => activation.GrainFactory;
        }

        if (type == typeof(TimeProvider))
        {
            return static activation => activation.TimeProvider;
        }

        var optional = parameter.HasDefaultValue;
        return activation =>
        {
            var service = activation.Services.GetService(type);
            if (service is null && !optional)
            {
                throw new InvalidOperationException(
                    $"Cannot construct grain {ClassType.Name}: no service of type {type} is registered for parameter '{parameter.Name}'.");
            }

            return service ?? parameter.DefaultValue;
        };
    }
}
