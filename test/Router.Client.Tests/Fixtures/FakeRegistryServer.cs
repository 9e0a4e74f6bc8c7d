using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Router.Client.Tests.Fixtures;

/// <summary>
/// An in-process router on 127.0.0.1 that implements the registry API of docs/api/registry.md as far as a server
/// uses it (register, heartbeat, lease, deregister), records every call, and can be told to misbehave: fail with a
/// status or a dropped connection, forget instances, refuse or close leases, hold deregistrations.
/// </summary>
internal sealed class FakeRegistryServer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<RecordedCall> _calls = [];
    private readonly List<(RecordedCallKind Kind, int Occurrence, TaskCompletionSource<RecordedCall> Signal)> _waiters = [];
    private readonly Dictionary<string, int> _instances = new(StringComparer.Ordinal);
    private readonly List<CancellationTokenSource> _openLeases = [];
    private readonly CancellationTokenSource _held = new();
    private WebApplication? _app;
    private int _registrationFailures;
    private int _registrationFailureStatus;
    private int _heartbeatFailures;
    private int _heartbeatFailureStatus;
    private int _leaseRefusals;
    private bool _holdDeregistrations;
    private bool _holdRegistrationAnswers;
    private bool _disposed;

    /// <summary>The keep-alive period announced in lease grants. Default 15 s.</summary>
    public int LeaseKeepAliveSeconds { get; set; } = 15;

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<FakeRegistryServer> StartAsync()
    {
        var server = new FakeRegistryServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        server.Map(app);
        await app.StartAsync();
        server._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseUrl = new Uri(address);
        return server;
    }

    public IReadOnlyList<RecordedCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public int Count(RecordedCallKind kind) => Calls.Count(c => c.Kind == kind);

    public bool Knows(string instanceId)
    {
        lock (_gate)
        {
            return _instances.ContainsKey(instanceId);
        }
    }

    /// <summary>Completes with the <paramref name="occurrence"/>-th call of <paramref name="kind"/> (1-based), once it has arrived.</summary>
    public Task<RecordedCall> WaitForCallAsync(RecordedCallKind kind, int occurrence = 1)
    {
        lock (_gate)
        {
            var seen = _calls.Where(c => c.Kind == kind).ElementAtOrDefault(occurrence - 1);
            if (seen is not null)
            {
                return Task.FromResult(seen);
            }

            var signal = new TaskCompletionSource<RecordedCall>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((kind, occurrence, signal));
            return Eventually.Within(signal.Task, $"{kind} call #{occurrence}");
        }
    }

    /// <summary>The next <paramref name="count"/> registrations fail with <paramref name="status"/>, or a dropped connection for 0.</summary>
    public void FailRegistrations(int count, int status = StatusCodes.Status503ServiceUnavailable)
    {
        lock (_gate)
        {
            (_registrationFailures, _registrationFailureStatus) = (count, status);
        }
    }

    /// <summary>The next <paramref name="count"/> heartbeats fail with <paramref name="status"/>, or a dropped connection for 0.</summary>
    public void FailHeartbeats(int count, int status = StatusCodes.Status503ServiceUnavailable)
    {
        lock (_gate)
        {
            (_heartbeatFailures, _heartbeatFailureStatus) = (count, status);
        }
    }

    /// <summary>The next <paramref name="count"/> lease requests answer 404 although the instance is known.</summary>
    public void RefuseLeases(int count)
    {
        lock (_gate)
        {
            _leaseRefusals = count;
        }
    }

    /// <summary>
    /// Registrations take effect (the instance becomes known) but are never answered (until the server is disposed), as
    /// when a server is stopped while the router's answer is still on its way.
    /// </summary>
    public void HoldRegistrationAnswers()
    {
        lock (_gate)
        {
            _holdRegistrationAnswers = true;
        }
    }

    /// <summary>Deregistrations are received but never answered (until the server is disposed).</summary>
    public void HoldDeregistrations()
    {
        lock (_gate)
        {
            _holdDeregistrations = true;
        }
    }

    /// <summary>Forgets every instance, as a router that restarted without its state would.</summary>
    public void ForgetAll()
    {
        lock (_gate)
        {
            _instances.Clear();
        }
    }

    /// <summary>Ends every open lease stream from the router's side.</summary>
    public void CloseLeases()
    {
        List<CancellationTokenSource> open;
        lock (_gate)
        {
            open = [.. _openLeases];
        }

        foreach (var lease in open)
        {
            lease.Cancel();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _held.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _held.Dispose();
    }

    private void Map(WebApplication app)
    {
        app.MapPost("/v1/servers/{mcpId}/instances", RegisterAsync);
        app.MapPut("/v1/servers/{mcpId}/instances/{instanceId}/heartbeat", HeartbeatAsync);
        app.MapGet("/v1/servers/{mcpId}/instances/{instanceId}/lease", LeaseAsync);
        app.MapDelete("/v1/servers/{mcpId}/instances/{instanceId}", DeregisterAsync);
    }

    private async Task RegisterAsync(HttpContext context, string mcpId)
    {
        var body = await ReadBodyAsync(context);
        int failure;
        string? instanceId = null;
        var created = false;
        var interval = 10;
        bool hold;
        lock (_gate)
        {
            hold = _holdRegistrationAnswers;
            failure = Take(ref _registrationFailures, _registrationFailureStatus);
            if (failure < 0 && body is { } json)
            {
                instanceId = json.TryGetProperty("instanceId", out var id) && id.ValueKind == JsonValueKind.String
                    ? id.GetString()!
                    : Guid.NewGuid().ToString("N");
                interval = json.TryGetProperty("heartbeatIntervalSeconds", out var seconds) ? seconds.GetInt32() : 10;
                created = _instances.TryAdd(instanceId, interval);
                _instances[instanceId] = interval;
            }
        }

        if (failure >= 0)
        {
            await AnswerAsync(context, new RecordedCall(RecordedCallKind.Register, mcpId, null, failure, body, Authorization(context)), failure);
            return;
        }

        var status = created ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        Record(new RecordedCall(RecordedCallKind.Register, mcpId, instanceId, status, body, Authorization(context)));
        if (hold)
        {
            await HoldAsync(context);
            return;
        }

        context.Response.StatusCode = status;
        if (created)
        {
            context.Response.Headers.Location = $"/v1/servers/{mcpId}/instances/{instanceId}";
        }

        await context.Response.WriteAsJsonAsync(new { instanceId, leaseTtlSeconds = 3 * interval, heartbeatIntervalSeconds = interval });
    }

    private async Task HeartbeatAsync(HttpContext context, string mcpId, string instanceId)
    {
        var body = await ReadBodyAsync(context);
        int status;
        lock (_gate)
        {
            status = Take(ref _heartbeatFailures, _heartbeatFailureStatus);
            if (status < 0)
            {
                status = _instances.ContainsKey(instanceId) ? StatusCodes.Status204NoContent : StatusCodes.Status404NotFound;
            }
        }

        await AnswerAsync(context, new RecordedCall(RecordedCallKind.Heartbeat, mcpId, instanceId, status, body, Authorization(context)), status);
    }

    private async Task LeaseAsync(HttpContext context, string mcpId, string instanceId)
    {
        var lease = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _held.Token);
        bool known;
        lock (_gate)
        {
            known = _instances.ContainsKey(instanceId) && Take(ref _leaseRefusals, StatusCodes.Status404NotFound) < 0;
            if (known)
            {
                _openLeases.Add(lease);
            }
        }

        if (!known)
        {
            lease.Dispose();
            await AnswerAsync(context, new RecordedCall(RecordedCallKind.LeaseOpened, mcpId, instanceId, StatusCodes.Status404NotFound, null, Authorization(context)), StatusCodes.Status404NotFound);
            return;
        }

        try
        {
            context.Response.ContentType = "text/event-stream";
            var grant = $"event: lease\ndata: {{\"instanceId\":\"{instanceId}\",\"keepAliveSeconds\":{LeaseKeepAliveSeconds}}}\n\n";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(grant), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            Record(new RecordedCall(RecordedCallKind.LeaseOpened, mcpId, instanceId, StatusCodes.Status200OK, null, Authorization(context)));
            await Task.Delay(Timeout.InfiniteTimeSpan, lease.Token);
        }
        catch (OperationCanceledException)
        {
            // Closed by the test (CloseLeases) or by the client going away.
        }
        finally
        {
            lock (_gate)
            {
                _openLeases.Remove(lease);
            }

            lease.Dispose();
            Record(new RecordedCall(RecordedCallKind.LeaseEnded, mcpId, instanceId, StatusCodes.Status200OK, null, null));
        }
    }

    private async Task DeregisterAsync(HttpContext context, string mcpId, string instanceId)
    {
        bool hold;
        int status;
        lock (_gate)
        {
            hold = _holdDeregistrations;
            status = !hold && _instances.Remove(instanceId) ? StatusCodes.Status204NoContent : StatusCodes.Status404NotFound;
        }

        if (hold)
        {
            Record(new RecordedCall(RecordedCallKind.Deregister, mcpId, instanceId, -1, null, Authorization(context)));
            await HoldAsync(context);
            return;
        }

        await AnswerAsync(context, new RecordedCall(RecordedCallKind.Deregister, mcpId, instanceId, status, null, Authorization(context)), status);
    }

    /// <summary>Leaves the request unanswered until the server is disposed or the client abandons it.</summary>
    private async Task HoldAsync(HttpContext context)
    {
        using var held = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _held.Token);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, held.Token);
        }
        catch (OperationCanceledException)
        {
            // Released at disposal or abandoned by the client.
        }
    }

    /// <summary>Records the call and answers <paramref name="status"/> (problem details for errors), or drops the connection for 0.</summary>
    private async Task AnswerAsync(HttpContext context, RecordedCall call, int status)
    {
        Record(call);
        if (status == 0)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = status;
        if (status >= 400)
        {
            await Results.Problem(statusCode: status, title: "fake router says no").ExecuteAsync(context);
        }
    }

    /// <summary>Consumes one programmed failure: its status, or -1 when none is left.</summary>
    private static int Take(ref int remaining, int status)
    {
        if (remaining <= 0)
        {
            return -1;
        }

        remaining--;
        return status;
    }

    private void Record(RecordedCall call)
    {
        List<TaskCompletionSource<RecordedCall>> due = [];
        lock (_gate)
        {
            _calls.Add(call);
            var count = _calls.Count(c => c.Kind == call.Kind);
            foreach (var waiter in _waiters.Where(w => w.Kind == call.Kind && w.Occurrence == count).ToList())
            {
                _waiters.Remove(waiter);
                due.Add(waiter.Signal);
            }
        }

        foreach (var signal in due)
        {
            signal.TrySetResult(call);
        }
    }

    private static async Task<JsonElement?> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength is 0 || context.Request.ContentType is null)
        {
            return null;
        }

        using var document = await JsonDocument.ParseAsync(context.Request.Body);
        return document.RootElement.Clone();
    }

    private static string? Authorization(HttpContext context) =>
        context.Request.Headers.Authorization is { Count: > 0 } value ? value.ToString() : null;
}
