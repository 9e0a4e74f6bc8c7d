using System.Text.Json.Serialization;

namespace Router.Silo.Tests.Grains;

[JsonSerializable(typeof(CounterState))]
[JsonSerializable(typeof(OrderRequest))]
[JsonSerializable(typeof(OrderResult))]
[JsonSerializable(typeof(int[]))]
internal sealed partial class TestJsonContext : JsonSerializerContext
{
}
