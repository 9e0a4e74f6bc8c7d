using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Router.Abstractions.Routing;

namespace Router.Gateway.Routing;

/// <summary>
/// Turns an <see cref="McpForwardResult"/> into what an agent's MCP server answers: the upstream's result, the upstream's own
/// JSON-RPC error, or a JSON-RPC error with a fixed text saying why no replica answered.
/// </summary>
internal static class McpForwarding
{
    public const string Unavailable = "No replica of the MCP server can take calls right now; retry later.";

    /// <summary>The upstream result as <typeparamref name="T"/>, or the JSON-RPC error the agent should get.</summary>
    /// <exception cref="McpProtocolException">The request did not succeed upstream.</exception>
    public static T Read<T>(McpForwardResult result)
        where T : class
    {
        var node = Succeeded(result);
        try
        {
            return node.Deserialize(Info<T>()) ?? throw Malformed();
        }
        catch (JsonException)
        {
            throw Malformed();
        }
    }

    /// <summary>The upstream's JSON result, or the JSON-RPC error the agent should get.</summary>
    /// <exception cref="McpProtocolException">The request did not succeed upstream.</exception>
    public static JsonNode Succeeded(McpForwardResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result switch
        {
            { Outcome: McpInstanceOutcome.Ok } => result.Result ?? new JsonObject(),
            { Outcome: McpInstanceOutcome.UpstreamError, Error: { } error } => throw new McpProtocolException(error.Message, (McpErrorCode)error.Code),
            { Outcome: McpInstanceOutcome.InvalidRequest } => throw new McpProtocolException("The request's params are invalid.", McpErrorCode.InvalidParams),
            { Outcome: McpInstanceOutcome.Timeout } => throw new McpProtocolException("The MCP server did not answer in time.", McpErrorCode.InternalError),
            { Outcome: McpInstanceOutcome.UpstreamError } => throw new McpProtocolException("The MCP server broke the session while answering.", McpErrorCode.InternalError),
            _ => throw new McpProtocolException(Unavailable, McpErrorCode.InternalError),
        };
    }

    public static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(T));

    private static McpProtocolException Malformed() =>
        new("The MCP server's answer does not match the MCP schema.", McpErrorCode.InternalError);
}
