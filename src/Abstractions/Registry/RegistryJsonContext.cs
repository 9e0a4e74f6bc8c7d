using System.Text.Json;
using System.Text.Json.Serialization;

namespace Router.Abstractions.Registry;

/// <summary>Source-generated JSON metadata of the registry contracts (web naming: camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(InstanceRegistration))]
[JsonSerializable(typeof(RegistrationResult))]
[JsonSerializable(typeof(InstanceLoad))]
[JsonSerializable(typeof(InstanceView))]
[JsonSerializable(typeof(ServerView))]
[JsonSerializable(typeof(ToolsChangedData))]
[JsonSerializable(typeof(ToolDescriptor))]
public sealed partial class RegistryJsonContext : JsonSerializerContext
{
}
