using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Router.Gateway.Http;

/// <summary>
/// Reads a request body as JSON into a gateway DTO. Every failure becomes problem details, never an exception: a wrong
/// content type, an empty or malformed body, a value of the wrong type (naming its JSON path) are <c>400</c>; a body
/// over <see cref="MaxBytes"/> is <c>413</c>.
/// </summary>
internal static class JsonBodyReader
{
    /// <summary>The largest body accepted: 1 MiB.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The field name problem details use for the body as a whole.</summary>
    public const string BodyField = "body";

    /// <summary>The longest JSON path quoted back as a field name; a client's property names can be long.</summary>
    private const int MaxFieldLength = 256;

    public static async Task<JsonBody<T>> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, bool optional = false)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (request.ContentLength > MaxBytes)
        {
            return new(null, null, ProblemResults.PayloadTooLarge(MaxBytes));
        }

        if (request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return Missing<T>(optional);
        }

        var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is { IsReadOnly: false })
        {
            limit.MaxRequestBodySize = MaxBytes;
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 4096, MaxBytes) + 1);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > MaxBytes)
                    {
                        return new(null, null, ProblemResults.PayloadTooLarge(MaxBytes));
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read;
                try
                {
                    read = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted).ConfigureAwait(false);
                }
                catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    return new(null, null, ProblemResults.PayloadTooLarge(MaxBytes));
                }
                catch (BadHttpRequestException)
                {
                    return new(null, ProblemResults.Invalid(BodyField, "The request body could not be read."), null);
                }

                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > MaxBytes)
                {
                    return new(null, null, ProblemResults.PayloadTooLarge(MaxBytes));
                }
            }

            if (length == 0)
            {
                return Missing<T>(optional);
            }

            if (!request.HasJsonContentType())
            {
                return new(null, ProblemResults.Invalid(BodyField, "The body must be JSON sent with 'Content-Type: application/json'."), null);
            }

            return Parse(buffer.AsSpan(0, length), typeInfo);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static JsonBody<T> Parse<T>(ReadOnlySpan<byte> utf8, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(utf8, typeInfo);
        }
        catch (JsonException exception)
        {
            // The path comes from the client's own document; the exception's message is never echoed.
            var field = FieldOf(exception.Path);
            var message = field == BodyField
                ? "The body is not a valid JSON object of the expected shape."
                : "The value is not valid JSON of the expected type.";
            return new(null, ProblemResults.Invalid(field, message), null);
        }

        return value is null
            ? new(null, ProblemResults.Invalid(BodyField, "The body must be a JSON object."), null)
            : new(value, null, null);
    }

    private static JsonBody<T> Missing<T>(bool optional)
        where T : class =>
        optional ? default : new(null, ProblemResults.Invalid(BodyField, "A JSON body is required."), null);

    /// <summary><c>$.tools[0].name</c> → <c>tools[0].name</c>; the root → <see cref="BodyField"/>.</summary>
    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return BodyField;
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length <= MaxFieldLength ? field : string.Concat(field.AsSpan(0, MaxFieldLength), "…");
    }
}
