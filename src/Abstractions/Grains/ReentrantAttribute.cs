namespace Router.Abstractions.Grains;

/// <summary>
/// Lets the grain class interleave requests: a new request may start while another awaits. Turns still
/// never run concurrently. A reentrant grain that calls itself through a chain of grains does not deadlock.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute
{
}
