using System.Text.Json.Serialization;

namespace Router.Silo.Serialization;

/// <summary>A source-generated serializer context registered with <c>AddSerializerContext</c>.</summary>
/// <param name="Context">The context.</param>
internal sealed record SerializerContextRegistration(JsonSerializerContext Context);
