using System.Text;
using System.Text.Json;
using Router.Abstractions.Invocation;
using Router.Silo.Tests.Fixtures;
using Router.Silo.Tests.Grains;

namespace Router.Silo.Tests.Invocation;

public sealed class SerializationTests
{
    private static OrderRequest Order() => new("widget", 3, new Dictionary<string, string> { ["colour"] = "blue" });

    [Fact]
    public async Task LocalCall_PassesArgumentsByReference_WithoutSerializing()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ISerializationGrain>("s");
        var order = Order();

        await grain.PlaceAsync(order);
        var second = await grain.PlaceAsync(order);

        Assert.True(second.SameInstance);
        Assert.Equal("other", await grain.UnregisteredAsync(new UnregisteredDto("other")));
    }

    [Fact]
    public async Task SerializedCall_RoundTripsArgumentsAndResults()
    {
        await using var silo = await TestSilo.StartAsync(o => o.SerializeLocalCalls = true);
        var grain = silo.Grains.GetGrain<ISerializationGrain>("s");
        var order = Order();

        await grain.PlaceAsync(order);
        var result = await grain.PlaceAsync(order);

        Assert.Equal(new OrderResult("widget", 3, "s", SameInstance: false), result);
        Assert.Equal(10, await grain.SumAsync([1, 2, 3], "four"));
        Assert.Equal(6, await grain.SumAsync([1, 2, 3], null));
        Assert.Equal(5, await silo.Grains.GetGrain<ICounterGrain>("c").AddAsync(5));
    }

    [Fact]
    public async Task SerializedCall_WithUnregisteredType_FailsNamingTheFix()
    {
        await using var silo = await TestSilo.StartAsync(o => o.SerializeLocalCalls = true);

        var error = await Assert.ThrowsAsync<NotSupportedException>(
            () => silo.Grains.GetGrain<ISerializationGrain>("s").UnregisteredAsync(new UnregisteredDto("x")));

        Assert.Contains("AddSerializerContext", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MethodInvoker_FromJsonArguments_CallsGrainAndReturnsJsonResult()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ISerializationGrain>("remote");
        var reference = (GrainReference)(object)grain;
        var key = typeof(ISerializationGrain).FullName + ".SumAsync(int[], string)";

        Assert.True(GrainInterfaceRegistry.TryGetMethodInvoker(key, out var invoker), $"no invoker registered under {key}");
        var result = await invoker.InvokeSerializedAsync(
            silo.Runtime.Invoker, reference, Encoding.UTF8.GetBytes("[[4,5,6],\"ab\"]"), silo.Runtime.Serializer.Options);

        Assert.Equal(17, JsonSerializer.Deserialize<int>(result));
    }
}
