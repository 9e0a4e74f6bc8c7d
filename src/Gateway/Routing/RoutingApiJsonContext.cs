using System.Text.Json;
using System.Text.Json.Serialization;

namespace Router.Gateway.Routing;

/// <summary>Source-generated JSON metadata of the REST tool API's request bodies (web naming: camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ToolCallRequest))]
[JsonSerializable(typeof(ToolExecuteRequest))]
internal sealed partial class RoutingApiJsonContext : JsonSerializerContext
{
}
