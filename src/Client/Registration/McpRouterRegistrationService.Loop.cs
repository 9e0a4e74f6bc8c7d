using System.Globalization;
using System.Net;
using System.Text.Json;
using Router.Client.Diagnostics;
using Router.Client.Http;

namespace Router.Client.Registration;

/// <summary>The registration loop: register, keep alive until lost, register again; back off after failures.</summary>
internal sealed partial class McpRouterRegistrationService
{
    /// <summary>The router's keep-alive period assumed until its lease grant says otherwise.</summary>
    private static readonly TimeSpan DefaultLeaseKeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>How many keep-alive periods of silence mean the lease connection is dead.</summary>
    private const int MissedKeepAlivesBeforeReconnect = 3;

    /// <summary>The schema announced for a tool that gives none: any object.</summary>
    private static readonly JsonElement DefaultInputSchema = JsonElement.Parse("{\"type\":\"object\"}");

    private async Task RunAsync()
    {
        var settings = Settings;
        var stopping = _stopping.Token;
        var backoff = new RetryBackoff(settings.MaxBackoff, Random.Shared);
        Uri endpoint;
        try
        {
            endpoint = endpointResolver.Resolve(settings.Endpoint!);
        }
        catch (InvalidOperationException ex)
        {
            ClientLog.EndpointUnresolved(logger, settings.McpId!, ex);
            state.MarkLost(ex);
            return;
        }

        var request = CreateRequest(settings, endpoint);
        var failedAttempts = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var registration = await RegisterAsync(settings, endpoint, request, stopping).ConfigureAwait(false);
                failedAttempts = 0;
                if (settings.LeaseMode == McpRouterLeaseMode.Heartbeat)
                {
                    await HeartbeatUntilLostAsync(settings, registration, backoff, stopping).ConfigureAwait(false);
                }
                else
                {
                    await HoldLeaseUntilClosedAsync(settings, registration.InstanceId, stopping).ConfigureAwait(false);
                }

                // The instance was lost in an expected way (a 404, a closed lease): register again at once.
                continue;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever went wrong, the server keeps trying to get (back) into the registry.
                failedAttempts++;
                var delay = backoff.Next(failedAttempts);
                state.MarkLost(ex);
                if (ex is HttpRequestException or IOException or TimeoutException or TaskCanceledException or JsonException)
                {
                    ClientLog.RegistrationFailed(logger, settings.RouterUrl!, settings.McpId!, failedAttempts, Describe(ex), delay.TotalSeconds);
                }
                else
                {
                    ClientLog.RegistrationFailedUnexpectedly(logger, settings.RouterUrl!, settings.McpId!, failedAttempts, delay.TotalSeconds, ex);
                }

                try
                {
                    await Task.Delay(delay, timeProvider, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<RegisterInstanceResponse> RegisterAsync(
        McpRouterRegistrationOptions settings, Uri endpoint, RegisterInstanceRequest request, CancellationToken cancellationToken)
    {
        // Once registered, the id is kept, so that re-registering after an outage updates the same instance.
        var body = request with { InstanceId = state.InstanceId ?? settings.InstanceId ?? _generatedInstanceId };
        RegisterInstanceResponse registration;
        try
        {
            registration = await client.RegisterAsync(settings.McpId!, body, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped before the answer arrived: the router may have registered the instance all the same.
            Volatile.Write(ref _unansweredInstanceId, body.InstanceId);
            throw;
        }

        state.MarkRegistered(registration.InstanceId);
        ClientLog.Registered(logger, settings.McpId!, settings.Version!, registration.InstanceId, settings.RouterUrl!, endpoint, registration.LeaseTtlSeconds);
        return registration;
    }

    /// <summary>Sends heartbeats until the router answers 404; throws for anything that calls for a backoff.</summary>
    private async Task HeartbeatUntilLostAsync(
        McpRouterRegistrationOptions settings, RegisterInstanceResponse registration, RetryBackoff backoff, CancellationToken cancellationToken)
    {
        // The router may ask for a shorter interval than configured; never heartbeat less often than either asks.
        var interval = settings.HeartbeatInterval;
        if (registration.HeartbeatIntervalSeconds > 0 && TimeSpan.FromSeconds(registration.HeartbeatIntervalSeconds) < interval)
        {
            interval = TimeSpan.FromSeconds(registration.HeartbeatIntervalSeconds);
        }

        while (true)
        {
            await Task.Delay(backoff.Jitter(interval), timeProvider, cancellationToken).ConfigureAwait(false);
            var load = loadReporter?.GetLoad();
            if (!await client.HeartbeatAsync(settings.McpId!, registration.InstanceId, load, cancellationToken).ConfigureAwait(false))
            {
                ClientLog.InstanceUnknown(logger, settings.McpId!, registration.InstanceId);
                state.MarkLost(error: null);
                return;
            }
        }
    }

    /// <summary>
    /// Opens the connection lease and reads it until it ends. Returns when a granted lease ended (register again at
    /// once); throws when the lease could not be opened or granted (back off first).
    /// </summary>
    private async Task HoldLeaseUntilClosedAsync(McpRouterRegistrationOptions settings, string instanceId, CancellationToken stopping)
    {
        // The lease, from opening it on, lives on its own token: at shutdown it is closed only after the
        // deregistration, so that the router records the instance as deregistered, not disconnected.
        var closing = _leaseClosing.Token;
        stopping.ThrowIfCancellationRequested();
        using var lease = await client.OpenLeaseAsync(settings.McpId!, instanceId, closing).ConfigureAwait(false)
            ?? throw new HttpRequestException(
                $"The router does not know instance {instanceId} although it just registered it; the lease could not be opened.",
                inner: null, HttpStatusCode.NotFound);

        // A half-open TCP connection never ends; the router's keep-alive comments are what prove it is alive.
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(closing, idle.Token);
        var idleTimeout = DefaultLeaseKeepAlive * MissedKeepAlivesBeforeReconnect;
        var granted = false;
        try
        {
            while (true)
            {
                idle.CancelAfter(idleTimeout);
                var signal = await lease.ReadAsync(reading.Token).ConfigureAwait(false);
                if (signal.Kind == LeaseSignalKind.End)
                {
                    if (!granted)
                    {
                        throw new IOException($"The router closed the connection lease of instance {instanceId} before granting it.");
                    }

                    LeaseLost(stopping, () => ClientLog.LeaseClosed(logger, instanceId));
                    return;
                }

                if (signal.Kind == LeaseSignalKind.Granted && !granted)
                {
                    granted = true;
                    var keepAlive = signal.Grant!.KeepAliveSeconds > 0 ? TimeSpan.FromSeconds(signal.Grant.KeepAliveSeconds) : DefaultLeaseKeepAlive;
                    idleTimeout = keepAlive * MissedKeepAlivesBeforeReconnect;
                    ClientLog.LeaseOpened(logger, instanceId, (int)keepAlive.TotalSeconds);
                }
            }
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !closing.IsCancellationRequested)
        {
            if (!granted)
            {
                throw new TimeoutException(string.Create(
                    CultureInfo.InvariantCulture, $"The router did not grant the connection lease of instance {instanceId} within {idleTimeout}."));
            }

            LeaseLost(stopping, () => ClientLog.LeaseIdle(logger, instanceId, idleTimeout));
        }
        catch (Exception ex) when (granted && !closing.IsCancellationRequested && ex is IOException or HttpRequestException)
        {
            LeaseLost(stopping, () => ClientLog.LeaseFailed(logger, instanceId, Describe(ex)));
        }
    }

    /// <summary>A granted lease is gone; unless we are shutting down, say so and let the loop register again.</summary>
    private void LeaseLost(CancellationToken stopping, Action log)
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        log();
        state.MarkLost(error: null);
    }

    /// <summary>An expected failure in one line: the message, without a stack trace that says nothing new.</summary>
    private static string Describe(Exception exception) => exception switch
    {
        // HttpClient.Timeout surfaces as a TaskCanceledException wrapping a TimeoutException.
        TaskCanceledException { InnerException: TimeoutException timeout } => timeout.Message,
        _ => exception.Message,
    };

    private static RegisterInstanceRequest CreateRequest(McpRouterRegistrationOptions settings, Uri endpoint)
    {
        var tools = (settings.Tools ?? [])
            .Select(tool => new ToolPayload(
                tool.Name!,
                tool.Description,
                tool.InputSchema.ValueKind == JsonValueKind.Undefined ? DefaultInputSchema : tool.InputSchema.Clone()))
            .ToArray();
        var metadata = new Dictionary<string, string>(settings.Metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        return new RegisterInstanceRequest(
            settings.Version!,
            endpoint.OriginalString,
            settings.Transport == McpRouterTransport.Sse ? "sse" : "streamable-http",
            settings.InstanceId,
            (int)Math.Ceiling(settings.HeartbeatInterval.TotalSeconds),
            metadata,
            tools);
    }
}
