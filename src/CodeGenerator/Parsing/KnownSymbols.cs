using Microsoft.CodeAnalysis;

namespace Router.CodeGenerator.Parsing;

/// <summary>The well-known types the parser compares against, resolved once per parsed interface.</summary>
internal sealed class KnownSymbols
{
    private KnownSymbols(Compilation compilation, INamedTypeSymbol grain, INamedTypeSymbol grainWithStringKey)
    {
        Grain = grain;
        GrainWithStringKey = grainWithStringKey;
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        AlwaysInterleave = compilation.GetTypeByMetadataName("Router.Abstractions.Grains.AlwaysInterleaveAttribute");
        ReadOnly = compilation.GetTypeByMetadataName("Router.Abstractions.Grains.ReadOnlyAttribute");
    }

    /// <summary><c>Router.Abstractions.Grains.IGrain</c>.</summary>
    public INamedTypeSymbol Grain { get; }

    /// <summary><c>Router.Abstractions.Grains.IGrainWithStringKey</c>.</summary>
    public INamedTypeSymbol GrainWithStringKey { get; }

    /// <summary><c>System.Threading.Tasks.Task</c>.</summary>
    public INamedTypeSymbol? Task { get; }

    /// <summary><c>System.Threading.Tasks.Task&lt;T&gt;</c>.</summary>
    public INamedTypeSymbol? TaskOfT { get; }

    /// <summary><c>System.Threading.Tasks.ValueTask</c>.</summary>
    public INamedTypeSymbol? ValueTask { get; }

    /// <summary><c>System.Threading.Tasks.ValueTask&lt;T&gt;</c>.</summary>
    public INamedTypeSymbol? ValueTaskOfT { get; }

    /// <summary><c>System.Threading.CancellationToken</c>.</summary>
    public INamedTypeSymbol? CancellationToken { get; }

    /// <summary><c>Router.Abstractions.Grains.AlwaysInterleaveAttribute</c>.</summary>
    public INamedTypeSymbol? AlwaysInterleave { get; }

    /// <summary><c>Router.Abstractions.Grains.ReadOnlyAttribute</c>.</summary>
    public INamedTypeSymbol? ReadOnly { get; }

    /// <summary>
    /// Resolves the known types when <paramref name="candidate"/> is a grain interface; returns
    /// <see langword="null"/> otherwise, or when the compilation does not see the grain abstractions. The grain
    /// check comes first so that the other look-ups are only paid for grain interfaces.
    /// </summary>
    public static KnownSymbols? ForGrainInterface(Compilation compilation, INamedTypeSymbol candidate)
    {
        if (candidate.AllInterfaces.IsEmpty
            || compilation.GetTypeByMetadataName("Router.Abstractions.Grains.IGrain") is not { } grain
            || compilation.GetTypeByMetadataName("Router.Abstractions.Grains.IGrainWithStringKey") is not { } grainWithStringKey)
        {
            return null;
        }

        var known = new KnownSymbols(compilation, grain, grainWithStringKey);
        return known.IsGrainInterface(candidate) ? known : null;
    }

    /// <summary>
    /// Whether <paramref name="type"/> is a grain interface: an interface deriving from <c>IGrain</c>, other
    /// than the marker interfaces themselves.
    /// </summary>
    public bool IsGrainInterface(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Interface || IsMarker(type))
        {
            return false;
        }

        foreach (var baseInterface in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(baseInterface, Grain))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="type"/> is <c>IGrain</c> or <c>IGrainWithStringKey</c>.</summary>
    public bool IsMarker(INamedTypeSymbol type) =>
        SymbolEqualityComparer.Default.Equals(type, Grain) || SymbolEqualityComparer.Default.Equals(type, GrainWithStringKey);
}
