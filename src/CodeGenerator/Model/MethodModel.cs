namespace Router.CodeGenerator.Model;

/// <summary>One grain interface method, with everything its request struct and reference member need.</summary>
/// <param name="DeclaringInterface">The fully qualified (<c>global::</c>) interface that declares the method.</param>
/// <param name="DeclaringIdentifier">The declaring interface's name as an identifier, e.g. <c>Sample_ICounterGrain</c>.</param>
/// <param name="Name">The method name as written in code (escaped when it is a keyword).</param>
/// <param name="MetadataName">The method name as the descriptor reports it.</param>
/// <param name="Key">The stable method key: <c>Namespace.IInterface.Method(type, type)</c>.</param>
/// <param name="RequestName">The request struct's name.</param>
/// <param name="ReturnKind">The shape of the return type.</param>
/// <param name="ReturnType">The fully qualified return type, with nullable annotations.</param>
/// <param name="ResultType">The request's result type: the task's type argument or <c>NoResult</c>.</param>
/// <param name="ResultTypeOf">The result type as <c>typeof</c> accepts it (without nullable reference annotations).</param>
/// <param name="IsAlwaysInterleave">Whether the method carries <c>[AlwaysInterleave]</c>.</param>
/// <param name="IsReadOnly">Whether the method carries <c>[ReadOnly]</c>.</param>
/// <param name="Parameters">The parameters, in order.</param>
/// <param name="Origin">Where the request struct comes from.</param>
internal sealed record MethodModel(
    string DeclaringInterface,
    string DeclaringIdentifier,
    string Name,
    string MetadataName,
    string Key,
    string RequestName,
    ReturnKind ReturnKind,
    string ReturnType,
    string ResultType,
    string ResultTypeOf,
    bool IsAlwaysInterleave,
    bool IsReadOnly,
    EquatableArray<ParameterModel> Parameters,
    RequestOrigin Origin);
