using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Router.Gateway.Http;

/// <summary>Starts a <c>text/event-stream</c> response: no caching, no buffering (by the server or by proxies), headers sent now.</summary>
internal static class EventStreamResponse
{
    public const string ContentType = "text/event-stream";

    public static async Task StartAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(cancellationToken).ConfigureAwait(false);

        // Starting the response only buffers the headers; the flush sends them, so the client knows it is subscribed.
        await response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
