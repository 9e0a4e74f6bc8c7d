using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Router.CodeGenerator.Model;

namespace Router.CodeGenerator.Parsing;

/// <summary>The semantic step of the pipeline: recognizes grain interfaces and turns them into models.</summary>
internal static class GrainInterfaceParser
{
    /// <summary>The syntactic filter: only interface declarations can be grain interfaces.</summary>
    public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) => node is InterfaceDeclarationSyntax;

    /// <summary>
    /// Parses the interface declared by <paramref name="context"/>'s node, or returns <see langword="null"/>
    /// when it is not a grain interface (or is a later part of a partial interface, parsed once).
    /// </summary>
    public static InterfaceResult? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var syntax = (InterfaceDeclarationSyntax)context.Node;
        if (context.SemanticModel.GetDeclaredSymbol(syntax, cancellationToken) is not INamedTypeSymbol symbol
            || !IsFirstDeclaration(symbol, syntax))
        {
            return null;
        }

        var compilation = context.SemanticModel.Compilation;
        return KnownSymbols.ForGrainInterface(compilation, symbol) is { } known
            ? new InterfaceModelBuilder(compilation, known, symbol).Build(cancellationToken)
            : null;
    }

    private static bool IsFirstDeclaration(INamedTypeSymbol symbol, InterfaceDeclarationSyntax syntax)
    {
        var first = symbol.DeclaringSyntaxReferences[0];
        return first.SyntaxTree == syntax.SyntaxTree && first.Span == syntax.Span;
    }
}
