namespace Router.Abstractions.Grains;

/// <summary>
/// Names a grain class's type. The name is part of every <see cref="GrainId"/> of the class and of the
/// keys under which its state is stored, so it must never change once data exists. Without this attribute
/// the name is the class name without a trailing "Grain", in lower case.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    /// <summary>The grain type name.</summary>
    public string Name { get; } = name;
}
