using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Router.Gateway.Http;

/// <summary>The outcome of reading a JSON request body: a value, no body (when optional), or the answer to send instead.</summary>
internal readonly record struct JsonBody<T>(T? Value, ValidationProblem? Invalid, ProblemHttpResult? Problem)
    where T : class
{
    /// <summary>True when the body was read and parsed.</summary>
    public bool HasValue => Value is not null;

    /// <summary>True when the request must be answered with <see cref="Invalid"/> or <see cref="Problem"/>.</summary>
    public bool Failed => Invalid is not null || Problem is not null;
}
