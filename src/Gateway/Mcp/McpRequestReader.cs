using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Router.Gateway.Mcp;

/// <summary>Reads one JSON-RPC message from an MCP POST, within the body limit, and answers bad input itself.</summary>
internal static class McpRequestReader
{
    private static readonly JsonTypeInfo<JsonRpcMessage> MessageTypeInfo =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    /// <summary>
    /// Reads the message; on bad input writes the JSON-RPC error (400, 413 or 415) and returns <see langword="null"/>
    /// with the reason in <paramref name="status"/>.
    /// </summary>
    public static async Task<(JsonRpcMessage? Message, McpRequestReadStatus Status)> ReadAsync(
        HttpContext context, long maxBodyBytes)
    {
        var status = await CheckHeadersAsync(context, maxBodyBytes);
        if (status != McpRequestReadStatus.Read)
        {
            return (null, status);
        }

        var body = await ReadBodyAsync(context.Request, maxBodyBytes, context.RequestAborted);
        if (body.Array is null)
        {
            await McpJsonRpcErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, McpJsonRpcErrors.InvalidRequestCode,
                $"The request body exceeds the limit of {maxBodyBytes} bytes.");
            return (null, McpRequestReadStatus.TooLarge);
        }

        JsonRpcMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(body.AsSpan(), MessageTypeInfo);
        }
        catch (JsonException)
        {
            await McpJsonRpcErrors.WriteAsync(context, StatusCodes.Status400BadRequest, McpJsonRpcErrors.ParseErrorCode,
                "The request body is not a well-formed JSON-RPC message.");
            return (null, McpRequestReadStatus.Malformed);
        }
        finally
        {
            // The message holds no reference to the bytes it was read from.
            ArrayPool<byte>.Shared.Return(body.Array);
        }

        if (message is null)
        {
            await McpJsonRpcErrors.WriteAsync(context, StatusCodes.Status400BadRequest, McpJsonRpcErrors.InvalidRequestCode,
                "The request body holds no JSON-RPC message.");
            return (null, McpRequestReadStatus.NotAMessage);
        }

        // The server reads the negotiated revision from the message, not from HTTP; 2026-07-28 requests depend on it.
        var protocolVersion = context.Request.Headers[McpHttpProtocol.ProtocolVersion].ToString();
        if (protocolVersion.Length > 0)
        {
            message.Context ??= new JsonRpcMessageContext();
            message.Context.ProtocolVersion = protocolVersion;
        }

        return (message, McpRequestReadStatus.Read);
    }

    /// <summary>Answers 400 for an MCP-Protocol-Version this router does not speak; true when the header is absent or known.</summary>
    public static async Task<bool> CheckProtocolVersionAsync(HttpContext context)
    {
        var protocolVersion = context.Request.Headers[McpHttpProtocol.ProtocolVersion].ToString();
        if (protocolVersion.Length == 0 || McpHttpProtocol.SupportedVersions.Contains(protocolVersion))
        {
            return true;
        }

        await McpJsonRpcErrors.WriteAsync(context, StatusCodes.Status400BadRequest, McpJsonRpcErrors.InvalidRequestCode,
            "Unsupported MCP-Protocol-Version.");
        return false;
    }

    private static async Task<McpRequestReadStatus> CheckHeadersAsync(HttpContext context, long maxBodyBytes)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await McpJsonRpcErrors.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, McpJsonRpcErrors.InvalidRequestCode,
                "Send the JSON-RPC message as application/json.");
            return McpRequestReadStatus.UnsupportedMediaType;
        }

        if (context.Request.ContentLength > maxBodyBytes)
        {
            await McpJsonRpcErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, McpJsonRpcErrors.InvalidRequestCode,
                $"The request body exceeds the limit of {maxBodyBytes} bytes.");
            return McpRequestReadStatus.TooLarge;
        }

        return await CheckProtocolVersionAsync(context)
            ? McpRequestReadStatus.Read
            : McpRequestReadStatus.UnsupportedProtocolVersion;
    }

    /// <summary>
    /// The body in a buffer rented from the shared pool (the caller returns it), or no array once the body grows past the
    /// limit (chunked bodies carry no length). A body of known length is read into a buffer of that size.
    /// </summary>
    private static async Task<ArraySegment<byte>> ReadBodyAsync(HttpRequest request, long maxBodyBytes, CancellationToken cancellationToken)
    {
        var pool = ArrayPool<byte>.Shared;
        // One byte more than the length, so the read that finds the end needs no larger buffer; at most 1 MiB at first.
        var buffer = pool.Rent(request.ContentLength is { } length ? (int)Math.Min(length + 1, 1 << 20) : 4096);
        var count = 0;
        try
        {
            while (true)
            {
                if (count == buffer.Length)
                {
                    if (count > maxBodyBytes)
                    {
                        pool.Return(buffer);
                        return default;
                    }

                    var larger = pool.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, count).CopyTo(larger);
                    pool.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(count), cancellationToken);
                if (read == 0)
                {
                    return new ArraySegment<byte>(buffer, 0, count);
                }

                count += read;
                if (count > maxBodyBytes)
                {
                    pool.Return(buffer);
                    return default;
                }
            }
        }
        catch
        {
            pool.Return(buffer);
            throw;
        }
    }
}
