using System.Text.Json;
using System.Text.Json.Serialization;

namespace Router.Grains.Registry;

/// <summary>Source-generated JSON metadata of the grains' persisted state. Register it with the silo.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RegistryState))]
public sealed partial class GrainsJsonContext : JsonSerializerContext
{
}
