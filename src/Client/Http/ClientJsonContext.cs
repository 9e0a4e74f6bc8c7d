using System.Text.Json;
using System.Text.Json.Serialization;

namespace Router.Client.Http;

/// <summary>Source-generated JSON for the registry API's bodies (web naming: camelCase, case-insensitive reads).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RegisterInstanceRequest))]
[JsonSerializable(typeof(RegisterInstanceResponse))]
[JsonSerializable(typeof(HeartbeatRequest))]
[JsonSerializable(typeof(LeaseGrant))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
