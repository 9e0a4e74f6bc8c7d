using Router.CodeGenerator.Diagnostics;

namespace Router.CodeGenerator.Model;

/// <summary>What parsing one grain interface produced: a model when it is valid, and its diagnostics.</summary>
/// <param name="Model">The model, or <see langword="null"/> when the interface (or a base) is not supported.</param>
/// <param name="Diagnostics">The problems found, reported where they are declared.</param>
internal sealed record InterfaceResult(InterfaceModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
