using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Router.Gateway.Mcp;
using Router.Gateway.Security;
using Router.Silo.Membership;
using Router.Silo.Messaging;

namespace Router.Gateway.Cluster;

/// <summary>
/// A cluster node's <see cref="IMcpSessionLocator"/>: its session ids carry its silo's tag (<see cref="ClusterSessionIds"/>),
/// and a request for a session tagged with another active member is handed to that member's internal port
/// (<see cref="McpForwardingProtocol"/>, served by <see cref="McpInternalRoutes"/>) and answered with its response, streamed
/// both ways. A session whose node is gone (not an active member, unreachable, fenced) is answered as an unknown session,
/// so the agent starts a new one. Forwarded exchanges end when this node starts stopping, as the sessions it holds do.
/// </summary>
/// <remarks>
/// The endpoints are given their locator when they are mapped; the membership is resolved on first use instead, so that
/// building the node neither reads the membership options (a bad one is reported by start-up validation) nor starts
/// anything.
/// </remarks>
internal sealed class McpSessionForwarder(IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<McpSessionForwarder> logger)
    : IMcpSessionLocator, IDisposable
{
    private const int CopyBufferSize = 16 * 1024;

    private readonly HttpClient _http = InternalPortHttp.CreateClient();
    private readonly Lazy<IClusterMembershipView> _cluster = new(services.GetRequiredService<IClusterMembershipView>);
    private OwnTag? _own;

    public string NewSessionId() =>
        CurrentTag() is { } tag
            ? ClusterSessionIds.Create(tag)

            // Not joined yet: requests cannot arrive before the silo has started, but should one, its session is this
            // node's alone (other nodes answer it as unknown).
            : McpHttpResponses.NewSessionId();

    public async ValueTask<bool> TryForwardAsync(HttpContext context, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sessionId);

        // A forwarded request is never forwarded again: the node it names answers it, or it does not exist.
        if (context.Features.Get<McpForwardedRequest>() is not null
            || !ClusterSessionIds.TryGetOwnerTag(sessionId, out var tag)
            || string.Equals(tag, CurrentTag(), StringComparison.Ordinal))
        {
            return false;
        }

        var owner = ActiveMember(tag);
        if (owner is null)
        {
            McpForwardingLog.OwnerNotActive(logger, context.Request.Method, sessionId);
            return false;
        }

        await ForwardAsync(context, owner, sessionId);
        return true;
    }

    public void Dispose() => _http.Dispose();

    private async Task ForwardAsync(HttpContext context, MembershipEntry owner, string sessionId)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var aborted = ended.Token;
        using var request = ForwardedRequest(context, owner);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The agent went away or this node is stopping; cancelling the send reset the stream, so the owner stops too.
            context.Abort();
            return;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            McpForwardingLog.OwnerUnreachable(logger, e, context.Request.Method, sessionId, owner.Address);
            await SessionNotFoundAsync(context);
            return;
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.Contains(McpForwardingProtocol.OwnerUnavailableHeader))
            {
                McpForwardingLog.OwnerFenced(logger, context.Request.Method, sessionId, owner.Address);
                await SessionNotFoundAsync(context);
                return;
            }

            context.Response.StatusCode = (int)response.StatusCode;
            CopyHeaders(response.Headers, context.Response);
            CopyHeaders(response.Content.Headers, context.Response);
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            try
            {
                // The headers go out as soon as the owner sent them; the body may follow much later (an event stream).
                await context.Response.StartAsync(aborted).ConfigureAwait(false);
                var body = await response.Content.ReadAsStreamAsync(aborted).ConfigureAwait(false);
                await using (body.ConfigureAwait(false))
                {
                    await CopyAsync(body, context.Response.Body, aborted).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                // The agent went away or this node is stopping (the agent then reconnects through another node);
                // disposing the response resets the stream to the owner.
                context.Abort();
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                // The owner went away mid-response (or the agent did while being written to): the status line is out, so
                // the only honest way to tell the agent is to break its response off too.
                McpForwardingLog.ForwardBrokeOff(logger, e, context.Request.Method, sessionId, owner.Address);
                context.Abort();
            }
        }
    }

    private static HttpRequestMessage ForwardedRequest(HttpContext context, MembershipEntry owner)
    {
        var incoming = context.Request;
        var target = new Uri($"http://{owner.Address}{McpForwardingProtocol.PathPrefix}{incoming.Path.ToUriComponent()}{incoming.QueryString.ToUriComponent()}");
        var request = new HttpRequestMessage(new HttpMethod(incoming.Method), target)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        foreach (var name in McpForwardingProtocol.ForwardedRequestHeaders)
        {
            if (incoming.Headers.TryGetValue(name, out var values))
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        if (context.Features.Get<ApiKeyIdentity>() is { } caller)
        {
            request.Headers.TryAddWithoutValidation(McpForwardingProtocol.CallerHeader, Uri.EscapeDataString(caller.Name));
        }

        if (HttpMethods.IsPost(incoming.Method))
        {
            // Streamed as it arrives; the owner applies the body limit, as it would to a request of its own.
            request.Content = new StreamContent(incoming.Body, CopyBufferSize);
            if (incoming.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation(HeaderNames.ContentType, contentType);
            }

            if (incoming.ContentLength is { } length)
            {
                request.Content.Headers.ContentLength = length;
            }
        }

        return request;
    }

    private static void CopyHeaders(HttpHeaders from, HttpResponse to)
    {
        foreach (var (name, values) in from)
        {
            if (!McpForwardingProtocol.UncopiedResponseHeaders.Contains(name))
            {
                to.Headers[name] = values.ToArray();
            }
        }
    }

    /// <summary>Copies the owner's response as it comes, flushing each piece, so every event reaches the agent when sent.</summary>
    private static async Task CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                await to.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The answer to a session whose node is gone: the agent starts a new session, as after a node restart.</summary>
    private static Task SessionNotFoundAsync(HttpContext context) =>
        context.Response.HasStarted ? Task.CompletedTask : McpJsonRpcErrors.SessionNotFoundAsync(context);

    private MembershipEntry? ActiveMember(string tag)
    {
        foreach (var member in _cluster.Value.Snapshot?.Active ?? [])
        {
            if (string.Equals(ClusterSessionIds.OwnerTag(member.SiloId), tag, StringComparison.Ordinal))
            {
                return member;
            }
        }

        return null;
    }

    /// <summary>This silo's tag, computed again only when its identity changes (a rejoin as a new generation).</summary>
    private string? CurrentTag()
    {
        var siloId = _cluster.Value.SiloId;
        if (siloId is null)
        {
            return null;
        }

        var own = Volatile.Read(ref _own);
        if (own is null || !string.Equals(own.SiloId, siloId, StringComparison.Ordinal))
        {
            own = new OwnTag(siloId, ClusterSessionIds.OwnerTag(siloId));
            Volatile.Write(ref _own, own);
        }

        return own.Tag;
    }

    private sealed record OwnTag(string SiloId, string Tag);
}
