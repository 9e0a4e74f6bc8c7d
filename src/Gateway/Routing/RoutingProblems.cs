using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Router.Abstractions.Routing;

namespace Router.Gateway.Routing;

/// <summary>The problem details of the REST tool API. Fixed texts: never an upstream's or exception's message.</summary>
internal static class RoutingProblems
{
    public static ProblemHttpResult UnknownServer() =>
        TypedResults.Problem(
            detail: "No MCP server with this id (and version) has a routable instance.",
            statusCode: StatusCodes.Status404NotFound,
            title: "Not Found");

    public static ProblemHttpResult UnknownTool() =>
        TypedResults.Problem(
            detail: "No routable MCP server offers a tool by this name; tools here are named {mcpId}__{tool}.",
            statusCode: StatusCodes.Status404NotFound,
            title: "Not Found");

    public static ProblemHttpResult UnknownSession() =>
        TypedResults.Problem(
            detail: "No open agent session of this caller has this session_id on this node.",
            statusCode: StatusCodes.Status404NotFound,
            title: "Not Found");

    /// <summary>The answer for a failed <see cref="McpInstanceResult"/>.</summary>
    public static ProblemHttpResult For(McpInstanceOutcome outcome) => outcome switch
    {
        McpInstanceOutcome.Timeout => TypedResults.Problem(
            detail: "The MCP server did not answer in time.",
            statusCode: StatusCodes.Status504GatewayTimeout,
            title: "Gateway Timeout"),
        McpInstanceOutcome.UpstreamError => TypedResults.Problem(
            detail: "The MCP server answered with an error or broke the session.",
            statusCode: StatusCodes.Status502BadGateway,
            title: "Bad Gateway"),
        McpInstanceOutcome.InvalidRequest => TypedResults.Problem(
            detail: "The tool call is invalid: 'name' must be a tool name and 'arguments' a JSON object.",
            statusCode: StatusCodes.Status400BadRequest,
            title: "Bad Request"),
        _ => TypedResults.Problem(
            detail: "No replica of the MCP server can take calls right now; retry later.",
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Service Unavailable"),
    };
}
