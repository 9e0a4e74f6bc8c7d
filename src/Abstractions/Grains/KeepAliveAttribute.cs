namespace Router.Abstractions.Grains;

/// <summary>Activations of this grain class are never collected for idleness (they still deactivate at shutdown).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class KeepAliveAttribute : Attribute
{
}
