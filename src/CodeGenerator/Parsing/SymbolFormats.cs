using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Router.CodeGenerator.Parsing;

/// <summary>How symbols are written into generated code, method keys and generated names.</summary>
internal static class SymbolFormats
{
    /// <summary>
    /// Types in generated code: <c>global::</c>-qualified, keeping nullable reference annotations so that
    /// signatures match the interface exactly under <c>#nullable enable</c>.
    /// </summary>
    public static readonly SymbolDisplayFormat Code = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Types inside <c>typeof</c>, which rejects nullable reference annotations and tuple names.</summary>
    public static readonly SymbolDisplayFormat TypeOf = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.ExpandValueTuple);

    /// <summary>
    /// Types and interfaces in method keys and messages: fully qualified without <c>global::</c>, and without
    /// anything that does not change the runtime type (nullable reference annotations, tuple names), so the key
    /// is the same on every node and in every compilation.
    /// </summary>
    public static readonly SymbolDisplayFormat Key = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes
            | SymbolDisplayMiscellaneousOptions.ExpandValueTuple);

    /// <summary>Turns a dotted name into an identifier: <c>Sample.ICounterGrain</c> becomes <c>Sample_ICounterGrain</c>.</summary>
    public static string ToIdentifier(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return builder.ToString();
    }

    /// <summary>Escapes <paramref name="name"/> with <c>@</c> when it is a C# keyword.</summary>
    public static string EscapeIdentifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
