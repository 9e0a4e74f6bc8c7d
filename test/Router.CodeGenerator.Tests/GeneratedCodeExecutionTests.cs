using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Router.Abstractions.Grains;
using Router.Abstractions.Invocation;

namespace Router.CodeGenerator.Tests;

public sealed class GeneratedCodeExecutionTests
{
    private const string Source = """
        namespace Execution;

        public sealed record Payload(string Name, int[] Values);

        public interface IMeasureGrain : IGrainWithStringKey
        {
            [ReadOnly] ValueTask<int> CountAsync();
        }

        public interface ICalculatorGrain : IMeasureGrain
        {
            Task<int> AddAsync(int left, int right);
            ValueTask<string?> DescribeAsync(string? label, Payload payload, CancellationToken cancellationToken = default);
            Task ResetAsync();
            [AlwaysInterleave] ValueTask PingAsync();
        }

        public sealed class CalculatorGrain : ICalculatorGrain
        {
            public int Total { get; private set; }
            public int Pings { get; private set; }
            public int Calls { get; private set; }
            public CancellationToken LastToken { get; private set; }

            public ValueTask<int> CountAsync() => new(Calls);

            public Task<int> AddAsync(int left, int right)
            {
                Calls++;
                Total += left + right;
                return Task.FromResult(Total);
            }

            public ValueTask<string?> DescribeAsync(string? label, Payload payload, CancellationToken cancellationToken = default)
            {
                Calls++;
                LastToken = cancellationToken;
                return new(label is null ? null : $"{label}:{payload.Name}:{payload.Values.Sum()}");
            }

            public async Task ResetAsync()
            {
                await Task.Yield();
                Calls++;
                Total = 0;
            }

            public ValueTask PingAsync()
            {
                Pings++;
                return default;
            }
        }
        """;

    private static readonly JsonSerializerOptions Options = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    private static readonly Lazy<Assembly> Generated = new(() =>
    {
        var run = GeneratorHarness.Run(Source);
        run.AssertCompilesCleanly();
        var assembly = GeneratedAssembly.Load(run.OutputCompilation);
        GrainInterfaceRegistry.EnsureRegistered(assembly);
        return assembly;
    });

    [Fact]
    public async Task Reference_CallsThroughJson_RoundTripsArgumentsAndResults()
    {
        var (reference, grain, invoker) = CreateReference();

        Assert.Equal(5, await CallAsync(reference, "AddAsync", 2, 3));
        Assert.Equal(12, await CallAsync(reference, "AddAsync", 3, 4));
        var payload = Activator.CreateInstance(Type("Execution.Payload"), "p", new[] { 1, 2, 3 });
        Assert.Equal("x:p:6", await CallAsync(reference, "DescribeAsync", "x", payload, new CancellationTokenSource().Token));
        Assert.Null(await CallAsync(reference, "DescribeAsync", null, payload, CancellationToken.None));
        Assert.Equal(4, await CallAsync(reference, "CountAsync"));
        Assert.Null(await CallAsync(reference, "ResetAsync"));
        Assert.Null(await CallAsync(reference, "PingAsync"));

        Assert.Equal(0, Property<int>(grain, "Total"));
        Assert.Equal(1, Property<int>(grain, "Pings"));
        Assert.Equal(
            ["[2,3]", "[3,4]", """["x",{"Name":"p","Values":[1,2,3]}]""", """[null,{"Name":"p","Values":[1,2,3]}]""", "[]", "[]", "[]"],
            invoker.SentArguments);
    }

    [Fact]
    public async Task Reference_CalledLocally_PassesCancellationTokenThrough()
    {
        var (reference, grain, invoker) = CreateReference();
        invoker.Serialize = false;
        using var cancellation = new CancellationTokenSource();
        var payload = Activator.CreateInstance(Type("Execution.Payload"), "p", Array.Empty<int>());

        Assert.Equal("x:p:0", await CallAsync(reference, "DescribeAsync", "x", payload, cancellation.Token));

        Assert.Equal(cancellation.Token, Property<CancellationToken>(grain, "LastToken"));
    }

    [Fact]
    public async Task Reference_SerializedCall_DropsCancellationToken()
    {
        var (reference, grain, _) = CreateReference();
        using var cancellation = new CancellationTokenSource();
        var payload = Activator.CreateInstance(Type("Execution.Payload"), "p", Array.Empty<int>());

        await CallAsync(reference, "DescribeAsync", "x", payload, cancellation.Token);

        Assert.Equal(default, Property<CancellationToken>(grain, "LastToken"));
    }

    [Fact]
    public async Task Reference_EachMethod_ReportsItsDescriptor()
    {
        var (reference, _, invoker) = CreateReference();

        await CallAsync(reference, "CountAsync");
        await CallAsync(reference, "PingAsync");
        await CallAsync(reference, "ResetAsync");

        var count = invoker.Methods[0];
        Assert.Equal(Type("Execution.IMeasureGrain"), count.InterfaceType);
        Assert.Equal("CountAsync", count.Name);
        Assert.Equal("Execution.IMeasureGrain.CountAsync()", count.Key);
        Assert.Equal(typeof(int), count.ResultType);
        Assert.Equal(GrainMethodOptions.ReadOnly, count.Options);
        Assert.Equal(GrainMethodOptions.AlwaysInterleave, invoker.Methods[1].Options);
        Assert.Equal(typeof(NoResult), invoker.Methods[2].ResultType);
        Assert.Equal(GrainMethodOptions.None, invoker.Methods[2].Options);
    }

    [Fact]
    public async Task MethodInvoker_RegisteredUnderKey_InvokesFromSerializedArguments()
    {
        var (reference, grain, invoker) = CreateReference();

        Assert.True(GrainInterfaceRegistry.TryGetMethodInvoker("Execution.ICalculatorGrain.AddAsync(int, int)", out var add));
        Assert.True(GrainInterfaceRegistry.TryGetMethodInvoker(
            "Execution.ICalculatorGrain.DescribeAsync(string, Execution.Payload, System.Threading.CancellationToken)", out var describe));
        Assert.True(GrainInterfaceRegistry.TryGetMethodInvoker("Execution.ICalculatorGrain.ResetAsync()", out var reset));
        Assert.True(GrainInterfaceRegistry.TryGetMethodInvoker("Execution.IMeasureGrain.CountAsync()", out var count));

        var sum = await add.InvokeSerializedAsync(invoker, reference, "[4,5]"u8.ToArray(), Options);
        var description = await describe.InvokeSerializedAsync(invoker, reference, """["y",{"Name":"q","Values":[7]}]"""u8.ToArray(), Options);
        var calls = await count.InvokeSerializedAsync(invoker, reference, "[]"u8.ToArray(), Options);
        var nothing = await reset.InvokeSerializedAsync(invoker, reference, "[]"u8.ToArray(), Options);

        Assert.Equal("9", Encoding.UTF8.GetString(sum!));
        Assert.Equal("\"y:q:7\"", Encoding.UTF8.GetString(description!));
        Assert.Equal("2", Encoding.UTF8.GetString(calls!));
        Assert.Null(nothing);
        Assert.Equal(0, Property<int>(grain, "Total"));
    }

    [Theory]
    [InlineData("[1]", "missing a value")]
    [InlineData("[1,2,3]", "more values")]
    [InlineData("{}", "must be a JSON array")]
    public async Task MethodInvoker_MalformedArguments_ThrowsJsonException(string arguments, string messagePart)
    {
        var (reference, _, invoker) = CreateReference();
        Assert.True(GrainInterfaceRegistry.TryGetMethodInvoker("Execution.ICalculatorGrain.AddAsync(int, int)", out var add));

        var error = await Assert.ThrowsAsync<JsonException>(
            async () => await add.InvokeSerializedAsync(invoker, reference, Encoding.UTF8.GetBytes(arguments), Options));

        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    private static (GrainReference Reference, object Grain, LoopbackCallInvoker Invoker) CreateReference()
    {
        var grainInterface = Type("Execution.ICalculatorGrain");
        Assert.True(GrainInterfaceRegistry.TryGetReferenceFactory(grainInterface, out var factory));
        var grain = Activator.CreateInstance(Type("Execution.CalculatorGrain"))!;
        var invoker = new LoopbackCallInvoker(grain, Options);
        var reference = factory(new GrainId("calculator", "one"), invoker);
        Assert.IsAssignableFrom(grainInterface, reference);
        Assert.IsAssignableFrom(Type("Execution.IMeasureGrain"), reference);
        return (reference, grain, invoker);
    }

    private static Type Type(string name) => Generated.Value.GetType(name, throwOnError: true)!;

    private static T Property<T>(object target, string name) => (T)target.GetType().GetProperty(name)!.GetValue(target)!;

    /// <summary>Calls a grain interface method by name and awaits it, returning its result (null for none).</summary>
    private static async Task<object?> CallAsync(GrainReference reference, string name, params object?[] arguments)
    {
        var method = new[] { Type("Execution.ICalculatorGrain") }
            .Concat(Type("Execution.ICalculatorGrain").GetInterfaces())
            .Select(type => type.GetMethod(name))
            .First(found => found is not null)!;
        var returned = method.Invoke(reference, arguments)!;
        var task = returned as Task ?? (Task)returned.GetType().GetMethod("AsTask")!.Invoke(returned, null)!;
        await task;
        // A void call's task is Task.CompletedTask when it finished synchronously and the invoker's Task<NoResult> when it
        // did not; both mean "no result".
        var result = task.GetType().GetProperty("Result");
        return result is null || result.PropertyType.Name is "VoidTaskResult" or nameof(NoResult) ? null : result.GetValue(task);
    }
}
