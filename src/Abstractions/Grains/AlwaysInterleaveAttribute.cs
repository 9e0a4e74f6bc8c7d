namespace Router.Abstractions.Grains;

/// <summary>
/// On a grain interface method: the method interleaves with any other request of the activation,
/// even on a grain that is not reentrant.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class AlwaysInterleaveAttribute : Attribute
{
}
