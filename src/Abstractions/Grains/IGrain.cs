namespace Router.Abstractions.Grains;

/// <summary>
/// Marker for grain interfaces. Every method of a grain interface returns <see cref="Task"/>,
/// <see cref="Task{TResult}"/>, <see cref="ValueTask"/> or <see cref="ValueTask{TResult}"/>; the code
/// generator emits a reference (proxy) for each interface that derives from this one.
/// </summary>
public interface IGrain
{
}
