using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Router.Gateway.Http;

/// <summary>The problem details (RFC 7807) the router answers with. Fixed texts: never an exception's message.</summary>
internal static class ProblemResults
{
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    public static ValidationProblem Invalid(ValidationErrors errors) => TypedResults.ValidationProblem(errors.ToDictionary());

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not Found");

    public static ProblemHttpResult PayloadTooLarge(long limit) =>
        TypedResults.Problem(
            detail: $"The request body exceeds the limit of {limit} bytes.",
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Payload Too Large");

    public static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem(
            detail: "Send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.",
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static ProblemHttpResult Unavailable() => Unavailable("The registry could not complete the request right now; retry.");

    /// <summary>503 from a node that fenced itself, or was declared dead and has not rejoined yet.</summary>
    public static ProblemHttpResult NodeNotServing() =>
        Unavailable("This node is not serving: it cannot confirm its cluster membership (it cannot reach the cluster's database). Retry, on another node if there is one.");

    /// <summary>503 from another node that did not serve a grain call this request needed.</summary>
    public static ProblemHttpResult OtherNodeNotServing() =>
        Unavailable("The cluster node holding this part of the registry is not serving right now; retry.");

    public static ProblemHttpResult StorageUnavailable() =>
        Unavailable("The registry's database cannot be reached right now; retry.");

    public static ProblemHttpResult RegistryTimeout() =>
        Unavailable("The registry did not answer in time; retry.");

    private static ProblemHttpResult Unavailable(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service Unavailable");

    public static ProblemHttpResult Unexpected() =>
        TypedResults.Problem(
            detail: "The router could not complete the request.",
            statusCode: StatusCodes.Status500InternalServerError,
            title: "Internal Server Error");
}
