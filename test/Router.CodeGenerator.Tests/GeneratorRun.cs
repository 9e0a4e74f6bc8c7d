using Microsoft.CodeAnalysis;

namespace Router.CodeGenerator.Tests;

/// <summary>The outcome of one generator run: what it produced and the compilation including it.</summary>
internal sealed class GeneratorRun(GeneratorDriver driver, Compilation inputCompilation, Compilation outputCompilation)
{
    /// <summary>The compilation the generator ran over.</summary>
    public Compilation InputCompilation { get; } = inputCompilation;

    /// <summary>The driver, to run again incrementally.</summary>
    public GeneratorDriver Driver { get; } = driver;

    /// <summary>The input compilation plus the generated sources.</summary>
    public Compilation OutputCompilation { get; } = outputCompilation;

    /// <summary>The run's result.</summary>
    public GeneratorRunResult Result => Driver.GetRunResult().Results.Single();

    /// <summary>The diagnostics the generator reported.</summary>
    public IReadOnlyList<Diagnostic> GeneratorDiagnostics => Result.Diagnostics;

    /// <summary>The hint names of the generated files.</summary>
    public IReadOnlyList<string> HintNames => [.. Result.GeneratedSources.Select(s => s.HintName)];

    /// <summary>Every warning and error of the output compilation (hidden and info diagnostics left out).</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems =>
        [.. OutputCompilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)];

    /// <summary>The source of the generated file <paramref name="hintName"/>.</summary>
    public string Source(string hintName) =>
        Result.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    /// <summary>All generated sources, concatenated.</summary>
    public string AllSources => string.Join("\n", Result.GeneratedSources.Select(s => s.SourceText.ToString()));

    /// <summary>Fails with the problems listed when the output compilation has any warning or error.</summary>
    public void AssertCompilesCleanly()
    {
        Assert.Empty(GeneratorDiagnostics);
        Assert.True(CompilationProblems.Count == 0, string.Join("\n", CompilationProblems) + "\n\n" + AllSources);
    }
}
