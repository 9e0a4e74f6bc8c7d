using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Router.Gateway.Mcp;

/// <summary>Writes the JSON-RPC error responses of the MCP endpoints. Fixed texts: never an exception's message.</summary>
internal static class McpJsonRpcErrors
{
    /// <summary>The code the TypeScript SDK (and the C# SDK's ASP.NET Core host) answers an unknown session with.</summary>
    public const int SessionNotFoundCode = -32001;

    public const int ParseErrorCode = -32700;
    public const int InvalidRequestCode = -32600;
    public const int ServerErrorCode = -32000;

    private static readonly JsonTypeInfo<JsonRpcError> ErrorTypeInfo =
        (JsonTypeInfo<JsonRpcError>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcError));

    public static Task WriteAsync(HttpContext context, int statusCode, int code, string message, RequestId id = default)
    {
        var error = new JsonRpcError { Id = id, Error = new JsonRpcErrorDetail { Code = code, Message = message } };
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, error, ErrorTypeInfo, context.RequestAborted);
    }

    public static Task SessionNotFoundAsync(HttpContext context, RequestId id = default) =>
        WriteAsync(context, StatusCodes.Status404NotFound, SessionNotFoundCode, "Session not found.", id);

    public static Task SessionLimitReachedAsync(HttpContext context, RequestId id = default) =>
        WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ServerErrorCode,
            "The router holds as many MCP sessions as it may; retry later.", id);
}
