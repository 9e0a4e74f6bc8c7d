using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Router.CodeGenerator.Model;

namespace Router.CodeGenerator.Emitting;

/// <summary>Emits the request struct of one grain method.</summary>
internal static class RequestEmitter
{
    /// <summary>Writes the struct for <paramref name="method"/>.</summary>
    public static void Write(SourceWriter writer, MethodModel method)
    {
        var name = method.RequestName;
        var parameters = method.Parameters.Items;
        writer.Line(KnownNames.GeneratedCodeAttribute);
        writer.Line(KnownNames.EditorBrowsableNeverAttribute);
        writer.Line($"internal readonly struct {name} : {KnownNames.GrainRequest}<{name}, {method.ResultType}>");
        writer.Open();

        writer.Line($"private static readonly {KnownNames.GrainMethodDescriptor} MethodDescriptor = new(");
        writer.Line($"    typeof({method.DeclaringInterface}),");
        writer.Line($"    {Literal(method.MetadataName)},");
        writer.Line($"    {Literal(method.Key)},");
        writer.Line($"    typeof({method.ResultTypeOf}),");
        writer.Line($"    {Options(method)});");
        writer.Line();

        for (var i = 0; i < parameters.Length; i++)
        {
            writer.Line($"public readonly {parameters[i].Type} Arg{i};");
        }

        if (parameters.Length > 0)
        {
            writer.Line();
            writer.Line($"public {name}({string.Join(", ", parameters.Select((p, i) => $"{p.Type} arg{i}"))})");
            writer.Open();
            for (var i = 0; i < parameters.Length; i++)
            {
                writer.Line($"Arg{i} = arg{i};");
            }

            writer.Close();
            writer.Line();
        }

        writer.Line($"public static {KnownNames.GrainMethodDescriptor} Method => MethodDescriptor;");
        writer.Line();
        WriteInvoke(writer, method);
        writer.Line();
        WriteWriteArguments(writer, parameters);
        writer.Line();
        WriteReadArguments(writer, name, parameters);
        writer.Close();
    }

    private static void WriteInvoke(SourceWriter writer, MethodModel method)
    {
        var arguments = string.Join(", ", method.Parameters.Select((_, i) => $"Arg{i}"));
        var call = $"(({method.DeclaringInterface})grain).{method.Name}({arguments})";
        var body = method.ReturnKind switch
        {
            ReturnKind.ValueTaskOfT => call,
            ReturnKind.ValueTask => $"{KnownNames.GrainRequestAwaiter}.FromValueTask({call})",
            _ => $"{KnownNames.GrainRequestAwaiter}.FromTask({call})",
        };
        writer.Line($"public {KnownNames.ValueTask}<{method.ResultType}> InvokeAsync(object grain)");
        writer.Line($"    => {body};");
    }

    private static void WriteWriteArguments(SourceWriter writer, IReadOnlyList<ParameterModel> parameters)
    {
        writer.Line($"public void WriteArguments({KnownNames.Utf8JsonWriter} writer, {KnownNames.JsonSerializerOptions} options)");
        writer.Open();
        writer.Line("writer.WriteStartArray();");
        for (var i = 0; i < parameters.Count; i++)
        {
            // Cancellation tokens are local to the caller: they pass through in-process calls but never travel.
            if (!parameters[i].IsCancellationToken)
            {
                writer.Line($"{KnownNames.GrainArguments}.Write<{parameters[i].Type}>(writer, Arg{i}, options);");
            }
        }

        writer.Line("writer.WriteEndArray();");
        writer.Close();
    }

    private static void WriteReadArguments(SourceWriter writer, string name, IReadOnlyList<ParameterModel> parameters)
    {
        writer.Line($"public static {name} ReadArguments(ref {KnownNames.Utf8JsonReader} reader, {KnownNames.JsonSerializerOptions} options)");
        writer.Open();
        writer.Line($"{KnownNames.GrainArguments}.ReadStart(ref reader);");
        for (var i = 0; i < parameters.Count; i++)
        {
            if (!parameters[i].IsCancellationToken)
            {
                writer.Line($"var arg{i} = {KnownNames.GrainArguments}.Read<{parameters[i].Type}>(ref reader, options);");
            }
        }

        writer.Line($"{KnownNames.GrainArguments}.ReadEnd(ref reader);");
        var arguments = parameters.Select((p, i) => p.IsCancellationToken ? "default" : $"arg{i}");
        writer.Line($"return new {name}({string.Join(", ", arguments)});");
        writer.Close();
    }

    private static string Options(MethodModel method)
    {
        var flags = new List<string>(2);
        if (method.IsAlwaysInterleave)
        {
            flags.Add($"{KnownNames.GrainMethodOptions}.AlwaysInterleave");
        }

        if (method.IsReadOnly)
        {
            flags.Add($"{KnownNames.GrainMethodOptions}.ReadOnly");
        }

        return flags.Count == 0 ? $"{KnownNames.GrainMethodOptions}.None" : string.Join(" | ", flags);
    }

    private static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);
}
