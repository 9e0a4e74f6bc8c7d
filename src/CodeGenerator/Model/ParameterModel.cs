namespace Router.CodeGenerator.Model;

/// <summary>One parameter of a grain method.</summary>
/// <param name="Name">The parameter name, escaped with <c>@</c> when it is a keyword.</param>
/// <param name="Type">The fully qualified type, with nullable annotations.</param>
/// <param name="IsCancellationToken">
/// Whether the parameter is a <c>CancellationToken</c>: passed through locally, never serialized.
/// </param>
internal sealed record ParameterModel(string Name, string Type, bool IsCancellationToken);
