using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Router.CodeGenerator.Diagnostics;
using Router.CodeGenerator.Emitting;
using Router.CodeGenerator.Model;

namespace Router.CodeGenerator.Parsing;

/// <summary>
/// Builds the model of one grain interface: walks the interface and all its base interfaces, collects the
/// methods the reference implements, and reports what cannot be generated.
/// </summary>
/// <remarks>
/// A problem in a base grain interface of the same compilation is reported by that interface's own parse, so
/// here it only suppresses generation; a problem in any other base (a referenced assembly's interface, or a
/// base that is not a grain interface) is reported on this interface, since nothing else reports it.
/// </remarks>
internal sealed class InterfaceModelBuilder
{
    private readonly Compilation _compilation;
    private readonly KnownSymbols _known;
    private readonly INamedTypeSymbol _grainInterface;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly List<MethodModel> _methods = new();
    private bool _supported = true;

    /// <summary>Creates a builder for <paramref name="grainInterface"/>.</summary>
    public InterfaceModelBuilder(Compilation compilation, KnownSymbols known, INamedTypeSymbol grainInterface)
    {
        _compilation = compilation;
        _known = known;
        _grainInterface = grainInterface;
    }

    /// <summary>Builds the result; the model is null when anything in the hierarchy is not supported.</summary>
    public InterfaceResult Build(CancellationToken cancellationToken)
    {
        foreach (var type in new[] { _grainInterface }.Concat(_grainInterface.AllInterfaces))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_known.IsMarker(type) && CheckInterface(type))
            {
                AddMembers(type);
            }
        }

        var model = _supported
            ? new InterfaceModel(
                _grainInterface.ToDisplayString(SymbolFormats.Code),
                SymbolFormats.ToIdentifier(_grainInterface.ToDisplayString(SymbolFormats.Key)),
                new EquatableArray<MethodModel>(_methods.ToImmutableArray()))
            : null;
        return new InterfaceResult(model, new EquatableArray<DiagnosticInfo>(_diagnostics.ToImmutableArray()));
    }

    private bool CheckInterface(INamedTypeSymbol type)
    {
        var name = type.ToDisplayString(SymbolFormats.Key);
        if (IsGeneric(type))
        {
            Report(type, null, DiagnosticDescriptors.GenericInterface, name);
            return false;
        }

        if (type.IsFileLocal || !_compilation.IsSymbolAccessibleWithin(type, _compilation.Assembly))
        {
            Report(type, null, DiagnosticDescriptors.InaccessibleInterface, name);
            return false;
        }

        return true;
    }

    private void AddMembers(INamedTypeSymbol type)
    {
        var overloads = new Dictionary<string, int>();
        foreach (var member in type.GetMembers())
        {
            switch (member)
            {
                case IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false } method when IsImplementable(method):
                    overloads.TryGetValue(method.Name, out var index);
                    overloads[method.Name] = index + 1;
                    AddMethod(type, method, index);
                    break;
                case IMethodSymbol { IsStatic: true, MethodKind: MethodKind.Ordinary or MethodKind.UserDefinedOperator or MethodKind.Conversion } method
                    when IsImplementable(method):
                    ReportMember(type, method, "static abstract member");
                    break;
                case IPropertySymbol property when IsImplementable(property):
                    ReportMember(type, property, property.IsIndexer ? "indexer" : "property");
                    break;
                case IEventSymbol @event when IsImplementable(@event):
                    ReportMember(type, @event, "event");
                    break;
            }
        }
    }

    private void AddMethod(INamedTypeSymbol type, IMethodSymbol method, int overloadIndex)
    {
        var interfaceKey = type.ToDisplayString(SymbolFormats.Key);
        var methodName = interfaceKey + "." + method.Name;
        var supported = true;
        if (method.IsGenericMethod)
        {
            Report(type, method, DiagnosticDescriptors.GenericMethod, methodName);
            supported = false;
        }

        var returnKind = ClassifyReturnType(method);
        if (returnKind is null)
        {
            Report(type, method, DiagnosticDescriptors.UnsupportedReturnType, methodName, method.ReturnType.ToDisplayString());
            supported = false;
        }

        foreach (var parameter in method.Parameters)
        {
            if (DescribeUnsupportedParameter(parameter) is { } problem)
            {
                Report(type, parameter, DiagnosticDescriptors.UnsupportedParameter, parameter.Name, methodName, problem);
                supported = false;
            }
        }

        if (supported && returnKind is { } kind)
        {
            _methods.Add(CreateMethod(type, method, overloadIndex, interfaceKey, kind));
        }
    }

    private MethodModel CreateMethod(INamedTypeSymbol type, IMethodSymbol method, int overloadIndex, string interfaceKey, ReturnKind kind)
    {
        var identifier = SymbolFormats.ToIdentifier(interfaceKey);
        var requestName = identifier + "_" + method.Name + (overloadIndex == 0 ? string.Empty : "_" + overloadIndex) + "_Request";
        var key = interfaceKey + "." + method.Name + "("
            + string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString(SymbolFormats.Key))) + ")";
        var result = kind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT
            ? ((INamedTypeSymbol)method.ReturnType).TypeArguments[0]
            : null;
        var parameters = method.Parameters
            .Select(p => new ParameterModel(
                SymbolFormats.EscapeIdentifier(p.Name),
                p.Type.ToDisplayString(SymbolFormats.Code),
                SymbolEqualityComparer.Default.Equals(p.Type, _known.CancellationToken)))
            .ToImmutableArray();

        return new MethodModel(
            DeclaringInterface: type.ToDisplayString(SymbolFormats.Code),
            DeclaringIdentifier: identifier,
            Name: SymbolFormats.EscapeIdentifier(method.Name),
            MetadataName: method.Name,
            Key: key,
            RequestName: requestName,
            ReturnKind: kind,
            ReturnType: method.ReturnType.ToDisplayString(SymbolFormats.Code),
            ResultType: result?.ToDisplayString(SymbolFormats.Code) ?? KnownNames.NoResult,
            ResultTypeOf: result?.ToDisplayString(SymbolFormats.TypeOf) ?? KnownNames.NoResult,
            IsAlwaysInterleave: HasAttribute(method, _known.AlwaysInterleave),
            IsReadOnly: HasAttribute(method, _known.ReadOnly),
            Parameters: new EquatableArray<ParameterModel>(parameters),
            Origin: OriginOf(type, requestName));
    }

    private RequestOrigin OriginOf(INamedTypeSymbol type, string requestName)
    {
        if (SymbolEqualityComparer.Default.Equals(type, _grainInterface))
        {
            return RequestOrigin.Declared;
        }

        if (IsGeneratedHere(type))
        {
            return RequestOrigin.Inherited;
        }

        // Reusing a struct a referenced assembly generated (and lets us see) avoids declaring a second type of
        // the same name, which would conflict with the imported one (CS0436).
        var existing = type.ContainingAssembly?.GetTypeByMetadataName(KnownNames.Namespace + "." + requestName);
        return existing is not null && _compilation.IsSymbolAccessibleWithin(existing, _compilation.Assembly)
            ? RequestOrigin.Imported
            : RequestOrigin.Shared;
    }

    private ReturnKind? ClassifyReturnType(IMethodSymbol method)
    {
        if (method.ReturnsByRef || method.ReturnsByRefReadonly || method.ReturnType is not INamedTypeSymbol returnType)
        {
            return null;
        }

        var definition = returnType.OriginalDefinition;
        return Is(definition, _known.Task) ? ReturnKind.Task
            : Is(definition, _known.TaskOfT) ? ReturnKind.TaskOfT
            : Is(definition, _known.ValueTask) ? ReturnKind.ValueTask
            : Is(definition, _known.ValueTaskOfT) ? ReturnKind.ValueTaskOfT
            : null;
    }

    private static string? DescribeUnsupportedParameter(IParameterSymbol parameter) =>
        parameter.RefKind != RefKind.None ? "is passed by reference ('" + RefKindKeyword(parameter.RefKind) + "')"
        : parameter.IsParams ? "is a 'params' parameter"
        : parameter.Type.IsRefLikeType ? "has the ref struct type '" + parameter.Type.ToDisplayString() + "'"
        : parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer ? "has the pointer type '" + parameter.Type.ToDisplayString() + "'"
        : null;

    private static string RefKindKeyword(RefKind kind) => kind switch
    {
        RefKind.Out => "out",
        RefKind.In => "in",
        RefKind.Ref => "ref",
        _ => "ref readonly",
    };

    private void ReportMember(INamedTypeSymbol type, ISymbol member, string kind) =>
        Report(type, member, DiagnosticDescriptors.UnsupportedMember, type.ToDisplayString(SymbolFormats.Key), kind, member.Name);

    private void Report(INamedTypeSymbol declaringType, ISymbol? member, DiagnosticDescriptor descriptor, params string[] arguments)
    {
        _supported = false;
        var own = SymbolEqualityComparer.Default.Equals(declaringType, _grainInterface);
        if (!own && IsGeneratedHere(declaringType))
        {
            return;
        }

        var location = own ? (member ?? declaringType).Locations.FirstOrDefault() : null;
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, location ?? _grainInterface.Locations.FirstOrDefault(), arguments));
    }

    /// <summary>Whether this compilation parses <paramref name="type"/> on its own (it is a grain interface declared here).</summary>
    private bool IsGeneratedHere(INamedTypeSymbol type) =>
        SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly) && _known.IsGrainInterface(type);

    private static bool IsImplementable(ISymbol member) => member.IsAbstract || member.IsVirtual;

    private static bool IsGeneric(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsGenericType)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAttribute(IMethodSymbol method, INamedTypeSymbol? attribute) =>
        attribute is not null && method.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));

    private static bool Is(INamedTypeSymbol type, INamedTypeSymbol? known) =>
        known is not null && SymbolEqualityComparer.Default.Equals(type, known);
}
