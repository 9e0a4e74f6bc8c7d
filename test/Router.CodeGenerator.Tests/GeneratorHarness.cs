using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Router.Abstractions.Grains;

namespace Router.CodeGenerator.Tests;

/// <summary>Compiles source snippets against the running runtime and Router.Abstractions, and runs the generator.</summary>
internal static class GeneratorHarness
{
    /// <summary>The usings every snippet gets, as a separate syntax tree.</summary>
    public const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Router.Abstractions.Grains;
        """;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> PlatformReferences = new(LoadPlatformReferences);

    /// <summary>Compiles <paramref name="sources"/> (plus <see cref="GlobalUsings"/>) into a library.</summary>
    public static CSharpCompilation Compile(string assemblyName, IEnumerable<MetadataReference> references, params string[] sources)
    {
        var trees = sources
            .Prepend(GlobalUsings)
            .Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs"));
        var options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,

            // The SDK silences these two (binding redirect assumptions) in every build; so do the tests.
            specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic>
            {
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
            });
        return CSharpCompilation.Create(assemblyName, trees, PlatformReferences.Value.Concat(references), options);
    }

    /// <summary>Compiles <paramref name="sources"/> under a unique assembly name and runs the generator.</summary>
    public static GeneratorRun Run(params string[] sources) =>
        Run(Compile("Snippet" + Guid.NewGuid().ToString("N"), [], sources));

    /// <summary>Runs the generator over <paramref name="compilation"/>.</summary>
    public static GeneratorRun Run(CSharpCompilation compilation)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new GrainReferenceGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return new GeneratorRun(driver, compilation, output);
    }

    private static ImmutableArray<MetadataReference> LoadPlatformReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(typeof(IGrain).Assembly.Location)
            .Distinct(StringComparer.Ordinal);
        return [.. paths.Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
    }
}
