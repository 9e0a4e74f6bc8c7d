using Microsoft.CodeAnalysis;

namespace Router.CodeGenerator.Tests;

public sealed class GrainReferenceGeneratorDiagnosticsTests
{
    [Theory]
    [InlineData("RTR0001", "public interface IBadGrain<T> : IGrainWithStringKey { Task<T> GetAsync(); }", "'Sample.IBadGrain<T>'")]
    [InlineData("RTR0001", "public class Outer<T> { public interface IBadGrain : IGrainWithStringKey { Task GetAsync(); } }", "'Sample.Outer<T>.IBadGrain'")]
    [InlineData("RTR0002", "public interface IBadGrain : IGrainWithStringKey { Task<T> GetAsync<T>(); }", "'Sample.IBadGrain.GetAsync'")]
    [InlineData("RTR0003", "public interface IBadGrain : IGrainWithStringKey { void Run(); }", "'Sample.IBadGrain.Run' returns 'void'")]
    [InlineData("RTR0003", "public interface IBadGrain : IGrainWithStringKey { int Count(); }", "'Sample.IBadGrain.Count' returns 'int'")]
    [InlineData("RTR0003", "public interface IBadGrain : IGrainWithStringKey { IAsyncEnumerable<int> StreamAsync(); }", "'Sample.IBadGrain.StreamAsync'")]
    [InlineData("RTR0004", "public interface IBadGrain : IGrainWithStringKey { Task RunAsync(ref int value); }", "'value' of grain method 'Sample.IBadGrain.RunAsync' is passed by reference ('ref')")]
    [InlineData("RTR0004", "public interface IBadGrain : IGrainWithStringKey { Task RunAsync(out int value); }", "('out')")]
    [InlineData("RTR0004", "public interface IBadGrain : IGrainWithStringKey { Task RunAsync(in int value); }", "('in')")]
    [InlineData("RTR0004", "public interface IBadGrain : IGrainWithStringKey { Task RunAsync(params int[] values); }", "'values' of grain method 'Sample.IBadGrain.RunAsync' is a 'params' parameter")]
    [InlineData("RTR0004", "public interface IBadGrain : IGrainWithStringKey { Task RunAsync(Span<int> values); }", "ref struct type")]
    [InlineData("RTR0005", "public interface IBadGrain : IGrainWithStringKey { int Count { get; } }", "'Sample.IBadGrain' declares property 'Count'")]
    [InlineData("RTR0005", "public interface IBadGrain : IGrainWithStringKey { event EventHandler Changed; }", "declares event 'Changed'")]
    [InlineData("RTR0005", "public interface IBadGrain : IGrainWithStringKey { int this[int index] { get; } }", "declares indexer")]
    [InlineData("RTR0005", "public interface IBadGrain : IGrainWithStringKey { static abstract Task CreateAsync(); }", "declares static abstract member 'CreateAsync'")]
    [InlineData("RTR0006", "public class Outer { private interface IBadGrain : IGrainWithStringKey { Task RunAsync(); } }", "'Sample.Outer.IBadGrain' is not accessible")]
    [InlineData("RTR0006", "public class Outer { protected interface IBadGrain : IGrainWithStringKey { Task RunAsync(); } }", "'Sample.Outer.IBadGrain' is not accessible")]
    [InlineData("RTR0006", "file interface IBadGrain : IGrainWithStringKey { Task RunAsync(); }", "'Sample.IBadGrain' is not accessible")]
    public void Generate_UnsupportedInterface_ReportsErrorAndEmitsNothing(string id, string declaration, string messagePart)
    {
        var run = GeneratorHarness.Run("namespace Sample;\n" + declaration);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Router.CodeGenerator", diagnostic.Descriptor.Category);
        Assert.Contains(messagePart, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(run.HintNames);
    }

    [Fact]
    public void Generate_UnsupportedMethod_ReportsAtTheMethod()
    {
        var source = "namespace Sample;\npublic interface IBadGrain : IGrainWithStringKey\n{\n    void Run();\n}";

        var diagnostic = Assert.Single(GeneratorHarness.Run(source).GeneratorDiagnostics);

        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(3, span.StartLinePosition.Line);
        Assert.EndsWith("Source1.cs", span.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_UnsupportedBaseInSameCompilation_ReportsOnceOnTheBase()
    {
        var run = GeneratorHarness.Run("""
            namespace Sample;

            public interface IBaseGrain : IGrainWithStringKey { void Run(); }

            public interface IDerivedGrain : IBaseGrain { Task OtherAsync(); }
            """);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("RTR0003", diagnostic.Id);
        Assert.Empty(run.HintNames);
    }

    [Fact]
    public void Generate_UnsupportedNonGrainBase_ReportsOnTheGrainInterface()
    {
        var run = GeneratorHarness.Run("""
            namespace Sample;

            public interface IGoodGrain : IGrainWithStringKey { Task RunAsync(); }

            public interface IBadGrain : IGrainWithStringKey, IDisposable { Task OtherAsync(); }
            """);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("RTR0003", diagnostic.Id);
        Assert.Contains("'System.IDisposable.Dispose' returns 'void'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(4, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal(["RouterGenerated.Sample_IGoodGrain.g.cs", "RouterGenerated.Registration.g.cs"], run.HintNames);
        Assert.Empty(run.CompilationProblems);
    }
}
