using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Router.CodeGenerator.Model;

namespace Router.CodeGenerator.Emitting;

/// <summary>
/// Emits what depends on all grain interfaces of the compilation together: the module initializer that
/// registers them, and the requests of methods declared by interfaces this compilation does not generate for.
/// </summary>
internal static class RegistrationEmitter
{
    /// <summary>The hint name of the registration file.</summary>
    public const string HintName = KnownNames.Namespace + ".Registration.g.cs";

    /// <summary>
    /// The shared request structs, one file per declaring interface (hint name → source), each struct once.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> EmitSharedRequests(ImmutableArray<InterfaceModel> models)
    {
        var seen = new HashSet<string>();
        var shared = Ordered(models)
            .SelectMany(m => m.Methods)
            .Where(m => m.Origin == RequestOrigin.Shared && seen.Add(m.RequestName));
        foreach (var group in shared.GroupBy(m => m.DeclaringIdentifier))
        {
            var writer = new SourceWriter();
            writer.FileStart();
            var first = true;
            foreach (var method in group)
            {
                if (!first)
                {
                    writer.Line();
                }

                first = false;
                RequestEmitter.Write(writer, method);
            }

            writer.FileEnd();
            yield return new KeyValuePair<string, string>(KnownNames.HintName(group.Key), writer.ToString());
        }
    }

    /// <summary>The registration file's source.</summary>
    public static string EmitRegistration(ImmutableArray<InterfaceModel> models)
    {
        // Libraries are not supposed to have module initializers (CA2255); this one only fills a lookup table.
        var writer = new SourceWriter();
        writer.FileStart("CA2255");
        writer.Line(KnownNames.GeneratedCodeAttribute);
        writer.Line(KnownNames.EditorBrowsableNeverAttribute);
        writer.Line("internal static class RouterGrainRegistration");
        writer.Open();
        writer.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        writer.Line("internal static void Register()");
        writer.Open();
        var registeredShared = new HashSet<string>();
        var firstInterface = true;
        foreach (var model in Ordered(models))
        {
            if (!firstInterface)
            {
                writer.Line();
            }

            firstInterface = false;
            var invokers = model.Methods
                .Where(m => m.Origin == RequestOrigin.Declared
                    || (m.Origin == RequestOrigin.Shared && registeredShared.Add(m.RequestName)))
                .Select(m => $"{KnownNames.GrainMethodInvoker}.Create<{m.RequestName}, {m.ResultType}>()");
            var arguments = new[] { $"static (id, invoker) => new {model.ReferenceName}(id, invoker)" }.Concat(invokers).ToList();
            writer.Line($"{KnownNames.GrainInterfaceRegistry}.Register<{model.FullyQualifiedName}>(");
            for (var i = 0; i < arguments.Count; i++)
            {
                writer.Line("    " + arguments[i] + (i == arguments.Count - 1 ? ");" : ","));
            }
        }

        writer.Close();
        writer.Close();
        writer.FileEnd();
        return writer.ToString();
    }

    private static IEnumerable<InterfaceModel> Ordered(ImmutableArray<InterfaceModel> models) =>
        models.OrderBy(m => m.FullyQualifiedName, System.StringComparer.Ordinal);
}
