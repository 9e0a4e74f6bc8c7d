using System.Text.Json;
using System.Text.Json.Serialization;
using Router.Gateway.Events;
using Router.Gateway.Registry;

namespace Router.Gateway.Http;

/// <summary>Source-generated JSON metadata of the gateway's request and response bodies (web naming: camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RegisterInstanceRequest))]
[JsonSerializable(typeof(RegisterInstanceResponse))]
[JsonSerializable(typeof(HeartbeatRequest))]
[JsonSerializable(typeof(BatchHeartbeatRequest))]
[JsonSerializable(typeof(BatchHeartbeatResponse))]
[JsonSerializable(typeof(ServerListResponse))]
[JsonSerializable(typeof(LeaseGrant))]
[JsonSerializable(typeof(RegistrySnapshot))]
[JsonSerializable(typeof(FeedReset))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext
{
}
