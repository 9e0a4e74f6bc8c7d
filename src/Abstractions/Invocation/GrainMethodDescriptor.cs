namespace Router.Abstractions.Invocation;

/// <summary>Describes one grain interface method. Emitted by the code generator, one instance per method.</summary>
public sealed class GrainMethodDescriptor
{
    /// <summary>Creates a descriptor.</summary>
    /// <param name="interfaceType">The grain interface.</param>
    /// <param name="name">The method name.</param>
    /// <param name="key">A stable identifier of the method across nodes: interface, name and parameter types.</param>
    /// <param name="resultType">The result type (<see cref="NoResult"/> for methods without one).</param>
    /// <param name="options">Scheduling options.</param>
    public GrainMethodDescriptor(Type interfaceType, string name, string key, Type resultType, GrainMethodOptions options)
    {
        InterfaceType = interfaceType;
        Name = name;
        Key = key;
        ResultType = resultType;
        Options = options;
        DisplayName = $"{interfaceType.Name}.{name}";
    }

    /// <summary>The grain interface.</summary>
    public Type InterfaceType { get; }

    /// <summary>The method name.</summary>
    public string Name { get; }

    /// <summary>A stable identifier of the method across nodes.</summary>
    public string Key { get; }

    /// <summary>The result type.</summary>
    public Type ResultType { get; }

    /// <summary>Scheduling options.</summary>
    public GrainMethodOptions Options { get; }

    /// <summary><c>Interface.Method</c>, for logs, traces and errors.</summary>
    public string DisplayName { get; }

    /// <summary>Whether the method interleaves with everything.</summary>
    public bool IsAlwaysInterleave => (Options & GrainMethodOptions.AlwaysInterleave) != 0;

    /// <summary>Whether the method is read-only.</summary>
    public bool IsReadOnly => (Options & GrainMethodOptions.ReadOnly) != 0;

    /// <inheritdoc />
    public override string ToString() => DisplayName;
}
