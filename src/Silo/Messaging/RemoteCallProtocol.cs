using System.Text.Json;
using System.Text.Json.Serialization;

namespace Router.Silo.Messaging;

/// <summary>
/// How one silo calls a grain on another: <c>POST /internal/v1/grain-calls</c> over HTTP/2, the grain and method in
/// headers, the arguments as the generated JSON array in the body; the result (JSON) in a 200, nothing in a 204, or a
/// <see cref="RemoteCallError"/> with a status that says whose fault it is.
/// </summary>
internal static class RemoteCallProtocol
{
    public const string Path = "/internal/v1/grain-calls";
    public const string GrainTypeHeader = "Router-Grain-Type";
    public const string GrainKeyHeader = "Router-Grain-Key";
    public const string MethodHeader = "Router-Method";

    /// <summary>How long the caller waits, in milliseconds; the callee stops waiting for the grain then too.</summary>
    public const string TimeoutHeader = "Router-Timeout-Ms";

    /// <summary>How many silos forwarded the call before this one (absent: none); a silo stops forwarding at a bound.</summary>
    public const string HopsHeader = "Router-Hops";

    /// <summary>In an answer: the silo whose activation ran the call, when the silo called forwarded it.</summary>
    public const string ServedByHeader = "Router-Served-By";

    public const string GrainExceptionKind = "grain-exception";
    public const string UnknownMethodKind = "unknown-method";
    public const string BadRequestKind = "bad-request";
    public const string SiloUnavailableKind = "silo-unavailable";
    public const string TimeoutKind = "timeout";
}

/// <summary>A failed remote call's body.</summary>
/// <param name="Kind">One of the kinds in <see cref="RemoteCallProtocol"/>.</param>
/// <param name="Message">What went wrong, for the caller's exception.</param>
/// <param name="Type">The grain exception's type, for <see cref="RemoteCallProtocol.GrainExceptionKind"/>.</param>
internal sealed record RemoteCallError(string Kind, string Message, string? Type = null);

[JsonSerializable(typeof(RemoteCallError))]
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
internal sealed partial class RemoteCallJsonContext : JsonSerializerContext;
