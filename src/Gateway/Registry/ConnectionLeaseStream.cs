using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Router.Abstractions.Grains;
using Router.Abstractions.Registry;
using Router.Gateway.Diagnostics;
using Router.Gateway.Events;
using Router.Gateway.Http;
using Router.Gateway.Options;

namespace Router.Gateway.Registry;

/// <summary>
/// Holds a connection lease open: <c>event: lease</c>, then a <c>: keep-alive</c> comment every
/// <see cref="RegistryOptions.LeaseKeepAliveSeconds"/>. When the server closes the connection the lease is closed at
/// once (<c>instance.disconnected</c>); when this node stops, the stream ends and the lease is released instead, so the
/// instance keeps one lease TTL to reconnect to another node.
/// </summary>
internal sealed class ConnectionLeaseStream(
    IGrainFactory grains,
    IOptions<RegistryOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    ILogger<ConnectionLeaseStream> logger)
{
    public async Task RunAsync(HttpContext context, string mcpId, string instanceId, string leaseToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var keepAliveSeconds = options.Value.LeaseKeepAliveSeconds;
        var stopping = lifetime.ApplicationStopping;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var token = linked.Token;
        try
        {
            await EventStreamResponse.StartAsync(context, token).ConfigureAwait(false);
            var grant = JsonSerializer.SerializeToUtf8Bytes(new LeaseGrant(instanceId, keepAliveSeconds), GatewayJsonContext.Default.LeaseGrant);
            var writer = context.Response.BodyWriter;
            writer.Write(EventFrames.Frame(null, "lease", grant));
            GatewayLog.LeaseOpened(logger, mcpId, instanceId);
            while (!(await writer.FlushAsync(token).ConfigureAwait(false)).IsCompleted)
            {
                await Task.Delay(TimeSpan.FromSeconds(keepAliveSeconds), timeProvider, token).ConfigureAwait(false);
                writer.Write(EventFrames.KeepAlive.Span);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The server went away, or the node is stopping: decided below.
        }
        catch (IOException)
        {
            // The connection broke while writing: the server went away.
        }
        finally
        {
            await EndAsync(mcpId, instanceId, leaseToken, releaseOnly: stopping.IsCancellationRequested).ConfigureAwait(false);
        }
    }

    private async Task EndAsync(string mcpId, string instanceId, string leaseToken, bool releaseOnly)
    {
        var registry = grains.GetGrain<IConnectionRegistryGrain>(mcpId);
        try
        {
            if (releaseOnly)
            {
                await registry.ReleaseLeaseAsync(instanceId, leaseToken).ConfigureAwait(false);
                GatewayLog.LeaseReleased(logger, mcpId, instanceId);
            }
            else
            {
                await registry.CloseLeaseAsync(instanceId, leaseToken).ConfigureAwait(false);
                GatewayLog.LeaseClosed(logger, mcpId, instanceId);
            }
        }
        catch (Exception exception)
        {
            GatewayLog.LeaseEndFailed(logger, exception, mcpId, instanceId);
        }
    }
}
