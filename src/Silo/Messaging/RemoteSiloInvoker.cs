using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Router.Abstractions.Grains;
using Router.Abstractions.Invocation;
using Router.Silo.Placement;

namespace Router.Silo.Messaging;

/// <summary>
/// Carries grain calls to one other silo over HTTP/2 (<see cref="RemoteCallProtocol"/>): a reference bound to it calls
/// grains there. A call that gets no answer within <paramref name="timeout"/> fails with
/// <see cref="GrainCallTimeoutException"/> (and the other silo stops waiting too); a silo that cannot be reached, or goes
/// away mid-call, gives <see cref="SiloUnavailableException"/>; what the grain threw there comes back as
/// <see cref="RemoteGrainCallException"/>.
/// </summary>
/// <param name="http">A client that speaks HTTP/2 without TLS (<see cref="CreateHttpClient"/>).</param>
/// <param name="silo">The other silo's internal endpoint, e.g. <c>http://10.0.0.2:11111</c>.</param>
/// <param name="options">The serializer options of the calling silo (the same contexts as the other's).</param>
/// <param name="timeout">How long a call may take.</param>
internal sealed class RemoteSiloInvoker(HttpClient http, Uri silo, JsonSerializerOptions options, TimeSpan timeout) : IGrainCallInvoker
{
    private readonly Uri _endpoint = new(silo, RemoteCallProtocol.Path);

    /// <summary>A client for silo-to-silo calls (<see cref="InternalPortHttp.CreateClient"/>).</summary>
    public static HttpClient CreateHttpClient() => InternalPortHttp.CreateClient();

    /// <summary>A reference to the grain <paramref name="key"/> of <typeparamref name="TGrainInterface"/> that calls it on this silo.</summary>
    /// <param name="grainType">The grain type name (the runtime's <c>GrainTypeCatalog</c> knows it by interface).</param>
    /// <param name="key">The grain's key.</param>
    public TGrainInterface GetGrain<TGrainInterface>(string grainType, string key)
        where TGrainInterface : IGrain
    {
        if (!GrainInterfaceRegistry.TryGetReferenceFactory(typeof(TGrainInterface), out var factory))
        {
            throw new InvalidOperationException($"No generated reference exists for {typeof(TGrainInterface)}.");
        }

        return (TGrainInterface)(object)factory(new GrainId(grainType, key), this);
    }

    public ValueTask<TResult> InvokeAsync<TRequest, TResult>(GrainReference target, TRequest request)
        where TRequest : struct, IGrainRequest<TRequest, TResult> =>
        InvokeAsync<TRequest, TResult>(target, request, context: null);

    /// <summary>
    /// Calls the grain on the other silo; <paramref name="context"/>'s hops travel with the call, and the silo that ran it
    /// comes back in <see cref="RemoteCallContext.ServedBy"/> when the other silo forwarded it.
    /// </summary>
    public async ValueTask<TResult> InvokeAsync<TRequest, TResult>(GrainReference target, TRequest request, RemoteCallContext? context)
        where TRequest : struct, IGrainRequest<TRequest, TResult>
    {
        ArgumentNullException.ThrowIfNull(target);
        var method = TRequest.Method;
        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new ByteArrayContent(Arguments<TRequest, TResult>(request)),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.TryAddWithoutValidation(RemoteCallProtocol.GrainTypeHeader, target.GrainId.Type);
        message.Headers.TryAddWithoutValidation(RemoteCallProtocol.GrainKeyHeader, target.GrainId.Key);
        message.Headers.TryAddWithoutValidation(RemoteCallProtocol.MethodHeader, method.Key);
        message.Headers.TryAddWithoutValidation(
            RemoteCallProtocol.TimeoutHeader, ((long)Math.Ceiling(timeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture));
        if (context is { Hops: > 0 })
        {
            message.Headers.TryAddWithoutValidation(RemoteCallProtocol.HopsHeader, context.Hops.ToString(CultureInfo.InvariantCulture));
        }

        using var deadline = new CancellationTokenSource(timeout);
        HttpResponseMessage response;
        byte[] body;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, deadline.Token).ConfigureAwait(false);
            body = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new GrainCallTimeoutException(target.GrainId, method.DisplayName, timeout);
        }
        catch (HttpRequestException e)
        {
            throw new SiloUnavailableException($"The silo at {silo} did not answer the call to {method.DisplayName} on {target.GrainId}: {e.Message}", e);
        }

        using (response)
        {
            if (context is not null && response.Headers.TryGetValues(RemoteCallProtocol.ServedByHeader, out var servedBy))
            {
                context.ServedBy = servedBy.FirstOrDefault();
            }

            switch (response.StatusCode)
            {
                case HttpStatusCode.OK when typeof(TResult) != typeof(NoResult):
                    return JsonSerializer.Deserialize(body, GrainArguments.GetTypeInfo<TResult>(options))!;
                case HttpStatusCode.NoContent when typeof(TResult) == typeof(NoResult):
                    return default!;
            }

            var error = Error(body);
            throw error?.Kind switch
            {
                RemoteCallProtocol.SiloUnavailableKind => new SiloUnavailableException($"The silo at {silo} does not serve grain calls: {error.Message}"),
                RemoteCallProtocol.TimeoutKind => new GrainCallTimeoutException(target.GrainId, method.DisplayName, timeout),
                { } kind => new RemoteGrainCallException(kind, error.Type, error.Message),
                null => new RemoteGrainCallException("unknown", null, $"The silo at {silo} answered the call to {method.DisplayName} with {(int)response.StatusCode}."),
            };
        }
    }

    private byte[] Arguments<TRequest, TResult>(TRequest request)
        where TRequest : struct, IGrainRequest<TRequest, TResult>
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            request.WriteArguments(writer, options);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static RemoteCallError? Error(byte[] body)
    {
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, RemoteCallJsonContext.Default.RemoteCallError);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
