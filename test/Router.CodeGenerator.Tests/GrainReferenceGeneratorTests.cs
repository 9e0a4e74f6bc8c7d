using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace Router.CodeGenerator.Tests;

public sealed class GrainReferenceGeneratorTests
{
    private const string CounterGrain = """
        namespace Sample;

        public interface ICounterGrain : IGrainWithStringKey
        {
            ValueTask<int> AddAsync(int amount);
            Task AddAsync(int amount, string reason);
            Task<int> GetAsync();
            Task ResetAsync();
            ValueTask PingAsync();
            Task<string?> FindAsync(string? name, int? limit = null, CancellationToken cancellationToken = default);
            ValueTask<(int Count, string? Label)> SummaryAsync(IReadOnlyList<string?> labels);
            [ReadOnly] Task<int> PeekAsync();
            [AlwaysInterleave] Task InterleaveAsync();
            Task<int> @event(int @class);
        }
        """;

    private const string Hierarchy = """
        namespace Sample;

        public interface INamedGrain : IGrainWithStringKey
        {
            Task<string> GetNameAsync();
        }

        public interface ILabelledGrain : IGrainWithStringKey
        {
            Task<string> GetNameAsync();
        }

        public interface IPersonGrain : INamedGrain, ILabelledGrain
        {
            Task<int> GetAgeAsync();

            new Task<string> GetNameAsync();
        }
        """;

    [Fact]
    public void Generate_EveryReturnKindAndParameterShape_CompilesWithoutWarnings()
    {
        var run = GeneratorHarness.Run(CounterGrain);

        run.AssertCompilesCleanly();
        Assert.Equal(["RouterGenerated.Sample_ICounterGrain.g.cs", "RouterGenerated.Registration.g.cs"], run.HintNames);
    }

    [Fact]
    public void Generate_NullableParameters_KeepAnnotationsInSignatureAndRequest()
    {
        var source = GeneratorHarness.Run(CounterGrain).Source("RouterGenerated.Sample_ICounterGrain.g.cs");

        Assert.Contains(
            "global::System.Threading.Tasks.Task<string?> global::Sample.ICounterGrain.FindAsync(string? name, int? limit, global::System.Threading.CancellationToken cancellationToken)",
            source,
            StringComparison.Ordinal);
        Assert.Contains("public readonly string? Arg0;", source, StringComparison.Ordinal);
        Assert.Contains("IGrainRequest<Sample_ICounterGrain_FindAsync_Request, string?>", source, StringComparison.Ordinal);
        Assert.Contains("typeof(string),", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_CancellationToken_IsStoredButNotSerialized()
    {
        var source = GeneratorHarness.Run(CounterGrain).Source("RouterGenerated.Sample_ICounterGrain.g.cs");

        Assert.Contains("public readonly global::System.Threading.CancellationToken Arg2;", source, StringComparison.Ordinal);
        Assert.DoesNotContain("Write<global::System.Threading.CancellationToken>", source, StringComparison.Ordinal);
        Assert.DoesNotContain("Read<global::System.Threading.CancellationToken>", source, StringComparison.Ordinal);
        Assert.Contains("return new Sample_ICounterGrain_FindAsync_Request(arg0, arg1, default);", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_MethodKeys_AreFullyQualifiedWithoutGlobalPrefix()
    {
        var source = GeneratorHarness.Run(CounterGrain).Source("RouterGenerated.Sample_ICounterGrain.g.cs");

        Assert.Contains("\"Sample.ICounterGrain.AddAsync(int)\"", source, StringComparison.Ordinal);
        Assert.Contains("\"Sample.ICounterGrain.AddAsync(int, string)\"", source, StringComparison.Ordinal);
        Assert.Contains("\"Sample.ICounterGrain.GetAsync()\"", source, StringComparison.Ordinal);
        Assert.Contains(
            "\"Sample.ICounterGrain.FindAsync(string, int?, System.Threading.CancellationToken)\"",
            source,
            StringComparison.Ordinal);
        Assert.Contains(
            "\"Sample.ICounterGrain.SummaryAsync(System.Collections.Generic.IReadOnlyList<string>)\"",
            source,
            StringComparison.Ordinal);
        Assert.Contains("\"Sample.ICounterGrain.event(int)\"", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_Overloads_GetIndexedRequestNames()
    {
        var source = GeneratorHarness.Run(CounterGrain).Source("RouterGenerated.Sample_ICounterGrain.g.cs");

        Assert.Contains("internal readonly struct Sample_ICounterGrain_AddAsync_Request ", source, StringComparison.Ordinal);
        Assert.Contains("internal readonly struct Sample_ICounterGrain_AddAsync_1_Request ", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_SchedulingAttributes_SetMethodOptions()
    {
        var source = Flatten(GeneratorHarness.Run(CounterGrain).Source("RouterGenerated.Sample_ICounterGrain.g.cs"));

        Assert.Contains(
            "\"Sample.ICounterGrain.PeekAsync()\", typeof(int), global::Router.Abstractions.Invocation.GrainMethodOptions.ReadOnly);",
            source,
            StringComparison.Ordinal);
        Assert.Contains(
            "\"Sample.ICounterGrain.InterleaveAsync()\", typeof(global::Router.Abstractions.Invocation.NoResult), global::Router.Abstractions.Invocation.GrainMethodOptions.AlwaysInterleave);",
            source,
            StringComparison.Ordinal);
        Assert.Contains(
            "\"Sample.ICounterGrain.GetAsync()\", typeof(int), global::Router.Abstractions.Invocation.GrainMethodOptions.None);",
            source,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_InheritedAndClashingMembers_ImplementsEachExplicitly()
    {
        var run = GeneratorHarness.Run(Hierarchy);

        run.AssertCompilesCleanly();
        var person = run.Source("RouterGenerated.Sample_IPersonGrain.g.cs");
        Assert.Contains("global::Sample.IPersonGrain.GetNameAsync()", person, StringComparison.Ordinal);
        Assert.Contains("global::Sample.INamedGrain.GetNameAsync()", person, StringComparison.Ordinal);
        Assert.Contains("global::Sample.ILabelledGrain.GetNameAsync()", person, StringComparison.Ordinal);
        Assert.Contains("new Sample_INamedGrain_GetNameAsync_Request()", person, StringComparison.Ordinal);
        Assert.DoesNotContain("struct Sample_INamedGrain_GetNameAsync_Request", person, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_InheritedMembers_RegistersEachInvokerUnderItsDeclaringInterface()
    {
        var registration = Flatten(GeneratorHarness.Run(Hierarchy).Source("RouterGenerated.Registration.g.cs"));

        Assert.Equal(1, Count(registration, "Create<Sample_INamedGrain_GetNameAsync_Request, string>()"));
        Assert.Equal(1, Count(registration, "Create<Sample_ILabelledGrain_GetNameAsync_Request, string>()"));
        Assert.Equal(1, Count(registration, "Create<Sample_IPersonGrain_GetNameAsync_Request, string>()"));
        Assert.Contains(
            "Register<global::Sample.INamedGrain>( static (id, invoker) => new Sample_INamedGrain_Reference(id, invoker), global::Router.Abstractions.Invocation.GrainMethodInvoker.Create<Sample_INamedGrain_GetNameAsync_Request, string>());",
            registration,
            StringComparison.Ordinal);
        Assert.Contains("#pragma warning disable CS0612, CS0618, CA2255", registration, StringComparison.Ordinal);
        Assert.Contains("[global::System.Runtime.CompilerServices.ModuleInitializer]", registration, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_BaseInterfaceFromReferencedAssembly_EmitsSharedRequestsOnce()
    {
        var library = GeneratorHarness.Run(GeneratorHarness.Compile("Library" + Guid.NewGuid().ToString("N"), [], """
            namespace Library;

            public interface IEntityGrain : IGrainWithStringKey
            {
                Task<string?> GetNameAsync(CancellationToken cancellationToken = default);
            }
            """));
        library.AssertCompilesCleanly();

        var application = GeneratorHarness.Run(GeneratorHarness.Compile(
            "Application" + Guid.NewGuid().ToString("N"),
            [GeneratedAssembly.ToReference(library.OutputCompilation)],
            """
            namespace Application;

            public interface IUserGrain : Library.IEntityGrain
            {
                Task<int> GetAgeAsync();
            }

            public interface IAdminGrain : Library.IEntityGrain
            {
            }
            """));

        application.AssertCompilesCleanly();
        Assert.Contains("RouterGenerated.Library_IEntityGrain.g.cs", application.HintNames);
        Assert.Equal(1, Count(application.AllSources, "struct Library_IEntityGrain_GetNameAsync_Request "));
        Assert.Equal(1, Count(application.Source("RouterGenerated.Registration.g.cs"), "Create<Library_IEntityGrain_GetNameAsync_Request"));
    }

    [Fact]
    public void Generate_BaseInterfaceFromAssemblyGrantingInternals_ReusesItsRequests()
    {
        var library = GeneratorHarness.Run(GeneratorHarness.Compile("FriendLibrary", [], """
            [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("FriendApplication")]

            namespace Library;

            public interface IEntityGrain : IGrainWithStringKey
            {
                Task<string> GetNameAsync();
            }
            """));
        library.AssertCompilesCleanly();

        var application = GeneratorHarness.Run(GeneratorHarness.Compile(
            "FriendApplication",
            [GeneratedAssembly.ToReference(library.OutputCompilation)],
            """
            namespace Application;

            public interface IUserGrain : Library.IEntityGrain
            {
            }
            """));

        application.AssertCompilesCleanly();
        Assert.DoesNotContain("RouterGenerated.Library_IEntityGrain.g.cs", application.HintNames);
        Assert.DoesNotContain("Create<Library_IEntityGrain_GetNameAsync_Request", application.AllSources, StringComparison.Ordinal);
        Assert.Contains("new Library_IEntityGrain_GetNameAsync_Request()", application.AllSources, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_PartialInterface_EmitsOneReference()
    {
        var run = GeneratorHarness.Run(
            "namespace Sample; public partial interface ISplitGrain { Task FirstAsync(); }",
            "namespace Sample; public partial interface ISplitGrain : IGrainWithStringKey { Task SecondAsync(); }");

        run.AssertCompilesCleanly();
        Assert.Equal(["RouterGenerated.Sample_ISplitGrain.g.cs", "RouterGenerated.Registration.g.cs"], run.HintNames);
    }

    [Fact]
    public void Generate_InternalAndNestedInterfaces_AreSupported()
    {
        var run = GeneratorHarness.Run("""
            namespace Sample;

            internal interface IHiddenGrain : IGrainWithStringKey
            {
                Task RunAsync();
            }

            public static class Outer
            {
                internal interface INestedGrain : IGrainWithStringKey
                {
                    Task RunAsync();
                }
            }
            """);

        run.AssertCompilesCleanly();
        Assert.Contains("RouterGenerated.Sample_Outer_INestedGrain.g.cs", run.HintNames);
    }

    [Fact]
    public void Generate_MarkerInterfaceWithoutMethods_RegistersReferenceOnly()
    {
        var run = GeneratorHarness.Run("namespace Sample; public interface IEmptyGrain : IGrainWithStringKey { }");

        run.AssertCompilesCleanly();
        Assert.Contains(
            "Register<global::Sample.IEmptyGrain>( static (id, invoker) => new Sample_IEmptyGrain_Reference(id, invoker));",
            Flatten(run.Source("RouterGenerated.Registration.g.cs")),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_NoGrainInterfaces_EmitsNothing()
    {
        var run = GeneratorHarness.Run("namespace Sample; public interface IPlain { Task RunAsync(); }");

        run.AssertCompilesCleanly();
        Assert.Empty(run.HintNames);
    }

    [Fact]
    public void Generate_UnchangedInterfaceAfterUnrelatedEdit_IsCached()
    {
        var first = GeneratorHarness.Run(CounterGrain, "namespace Sample; public static class Unrelated { }");
        var tree = first.InputCompilation.SyntaxTrees.Single(t => t.ToString().Contains("Unrelated", StringComparison.Ordinal));
        var edited = first.InputCompilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
                "namespace Sample; public static class Unrelated { public static int Value => 1; }")));

        var second = first.Driver.RunGenerators(edited).GetRunResult().Results.Single();

        var outputs = second.TrackedSteps[GrainReferenceGenerator.ParseStep].SelectMany(step => step.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, output => Assert.True(
            output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            output.Reason.ToString()));
    }

    /// <summary>Collapses runs of whitespace, so assertions do not depend on line breaks and indentation.</summary>
    private static string Flatten(string source) => Regex.Replace(source, @"\s+", " ");

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var index = text.IndexOf(value, StringComparison.Ordinal); index >= 0; index = text.IndexOf(value, index + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
