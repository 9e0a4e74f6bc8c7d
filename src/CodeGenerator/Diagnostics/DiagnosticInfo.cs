using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Router.CodeGenerator.Model;

namespace Router.CodeGenerator.Diagnostics;

/// <summary>A diagnostic captured by value, to be reported when the pipeline produces output.</summary>
/// <param name="Descriptor">What is wrong.</param>
/// <param name="Location">Where, or <see langword="null"/> for no location.</param>
/// <param name="Arguments">The message arguments.</param>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    /// <summary>Captures a diagnostic.</summary>
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments) =>
        new(descriptor, LocationInfo.From(location), new EquatableArray<string>(arguments.ToImmutableArray()));

    /// <summary>Recreates the <see cref="Diagnostic"/>.</summary>
    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), Arguments.Items.Cast<object?>().ToArray());
}
