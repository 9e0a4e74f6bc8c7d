namespace Router.Abstractions.Grains;

/// <summary>
/// On a grain interface method: the method does not change the grain's state, so it may interleave with
/// other read-only requests (never with a request that is not read-only).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class ReadOnlyAttribute : Attribute
{
}
