using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Router.Abstractions.Routing;

/// <summary>Source-generated JSON metadata of the routing grain contracts (web naming: camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(McpInstanceResult))]
[JsonSerializable(typeof(McpForwardRequest))]
[JsonSerializable(typeof(McpForwardResult))]
[JsonSerializable(typeof(McpUpstreamError))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(string))]
public sealed partial class RoutingJsonContext : JsonSerializerContext
{
}
