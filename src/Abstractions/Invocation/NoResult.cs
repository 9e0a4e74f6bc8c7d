namespace Router.Abstractions.Invocation;

/// <summary>The result type of grain methods that return <see cref="Task"/> or <see cref="ValueTask"/>.</summary>
public readonly struct NoResult
{
}
