using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Router.Silo.Serialization;

/// <summary>
/// The JSON options used for grain call arguments, results and persistent state. Only types known to a
/// registered source-generated <see cref="JsonSerializerContext"/> serialize: there is no reflection fallback,
/// so a missing type fails with a clear message the first time it crosses a node or reaches storage.
/// </summary>
internal sealed class GrainSerializer
{
    public GrainSerializer(IEnumerable<SerializerContextRegistration> contexts)
    {
        var resolvers = contexts.Select(c => (IJsonTypeInfoResolver)c.Context).Append(BuiltInTypesContext.Default).ToArray();
        Options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(resolvers),
        };
        Options.MakeReadOnly();
    }

    public JsonSerializerOptions Options { get; }
}
