using System.Linq;
using Router.CodeGenerator.Model;

namespace Router.CodeGenerator.Emitting;

/// <summary>Emits the file of one grain interface: its reference class and the requests of the methods it declares.</summary>
internal static class ReferenceEmitter
{
    /// <summary>Returns the source of the file generated for <paramref name="model"/>.</summary>
    public static string Emit(InterfaceModel model)
    {
        var writer = new SourceWriter();
        writer.FileStart();
        WriteReference(writer, model);
        foreach (var method in model.Methods)
        {
            if (method.Origin == RequestOrigin.Declared)
            {
                writer.Line();
                RequestEmitter.Write(writer, method);
            }
        }

        writer.FileEnd();
        return writer.ToString();
    }

    // Every member is implemented explicitly: two interfaces may declare the same signature, a member may share
    // a name with one of GrainReference's, and default parameter values have no effect on an explicit
    // implementation (callers only ever see the reference through its interface).
    private static void WriteReference(SourceWriter writer, InterfaceModel model)
    {
        writer.Line(KnownNames.GeneratedCodeAttribute);
        writer.Line(KnownNames.EditorBrowsableNeverAttribute);
        writer.Line($"internal sealed class {model.ReferenceName} : {KnownNames.GrainReference}, {model.FullyQualifiedName}");
        writer.Open();
        writer.Line($"public {model.ReferenceName}({KnownNames.GrainId} grainId, {KnownNames.GrainCallInvoker} invoker)");
        writer.Line("    : base(grainId, invoker)");
        writer.Open();
        writer.Close();
        foreach (var method in model.Methods)
        {
            writer.Line();
            WriteMember(writer, method);
        }

        writer.Close();
    }

    private static void WriteMember(SourceWriter writer, MethodModel method)
    {
        var parameters = string.Join(", ", method.Parameters.Select(p => $"{p.Type} {p.Name}"));
        var arguments = string.Join(", ", method.Parameters.Select(p => p.Name));
        var invoke = $"this.Invoker.InvokeAsync<{method.RequestName}, {method.ResultType}>(this, new {method.RequestName}({arguments}))";
        var body = method.ReturnKind switch
        {
            ReturnKind.ValueTaskOfT => invoke,
            ReturnKind.TaskOfT => invoke + ".AsTask()",
            ReturnKind.Task => $"{KnownNames.GrainRequestAwaiter}.ToTask({invoke})",
            _ => $"{KnownNames.GrainRequestAwaiter}.ToValueTask({invoke})",
        };
        writer.Line($"{method.ReturnType} {method.DeclaringInterface}.{method.Name}({parameters})");
        writer.Line($"    => {body};");
    }
}
