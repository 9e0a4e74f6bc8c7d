namespace Router.CodeGenerator.Model;

/// <summary>A valid grain interface declared in the compilation being generated for.</summary>
/// <param name="FullyQualifiedName">The interface, <c>global::</c>-qualified.</param>
/// <param name="Identifier">The interface's full name as an identifier, e.g. <c>Sample_ICounterGrain</c>.</param>
/// <param name="Methods">
/// Every method the reference implements: the interface's own and those of all its base interfaces.
/// </param>
internal sealed record InterfaceModel(string FullyQualifiedName, string Identifier, EquatableArray<MethodModel> Methods)
{
    /// <summary>The name of the generated reference class.</summary>
    public string ReferenceName => Identifier + "_Reference";
}
