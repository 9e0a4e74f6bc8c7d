using System.Text.Json;
using Microsoft.Extensions.Logging;
using Router.Abstractions.Events;
using Router.Abstractions.Grains;
using Router.Abstractions.Persistence;
using Router.Abstractions.Registry;
using Router.Grains.Diagnostics;

namespace Router.Grains.Registry;

/// <summary>
/// The registry of one MCP server. Servers push registrations and keep them alive with heartbeats or a
/// connection lease; the grain never polls them. A lease check, timed to the next deadline, marks instances
/// unhealthy after two missed intervals and expires them after three. Every state change is written with its
/// event in one transaction. While it holds instances the activation is pinned, so its lease checks keep running.
/// </summary>
[GrainType(ConnectionRegistryGrain.GrainTypeName)]
internal sealed class ConnectionRegistryGrain(
    [PersistentState(ConnectionRegistryGrain.StateName)] IPersistentState<RegistryState> state,
    ILogger<ConnectionRegistryGrain> logger) : Grain, IConnectionRegistryGrain
{
    public const string GrainTypeName = RegistryStorageNames.GrainType;
    public const string StateName = RegistryStorageNames.StateName;

    /// <summary>A lease lasts this many heartbeat intervals.</summary>
    public const int TtlIntervals = 3;

    /// <summary>An instance silent for this many intervals is unhealthy.</summary>
    public const int UnhealthyIntervals = 2;

    private readonly List<EventDraft> _pending = [];
    private IGrainTimer? _leaseCheck;
    private IDisposable? _pin;

    private SortedDictionary<string, InstanceRecord> Instances => state.State.Instances;

    private string McpId => GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Whatever happened while no activation held these leases, each one gets a full TTL from now:
        // a failover must not expire instances that are alive and about to heartbeat again.
        var now = TimeProvider.GetUtcNow();
        foreach (var instance in Instances.Values)
        {
            instance.LastSeenAt = now;
        }

        if (Instances.Count > 0)
        {
            RegistryLog.RegistryRecovered(logger, McpId, Instances.Count);
        }

        UpdateLifetime();
        return Task.CompletedTask;
    }

    public async Task<RegistrationResult> RegisterAsync(InstanceRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var now = TimeProvider.GetUtcNow();
        var hash = ToolsHash.Compute(registration.Tools);
        var created = !Instances.TryGetValue(registration.InstanceId, out var instance);
        if (instance is null)
        {
            instance = new InstanceRecord
            {
                InstanceId = registration.InstanceId,
                Version = registration.Version,
                Endpoint = registration.Endpoint,
                Transport = registration.Transport,
                HeartbeatIntervalSeconds = registration.HeartbeatIntervalSeconds,
                Status = InstanceStatus.Registered,
                LeaseMode = LeaseMode.Heartbeat,
                RegisteredAt = now,
                LastSeenAt = now,
                Metadata = new Dictionary<string, string>(registration.Metadata, StringComparer.Ordinal),
                Tools = [.. registration.Tools],
                ToolsHash = hash,
            };
            Instances[instance.InstanceId] = instance;
            Stage(RegistryEventTypes.InstanceRegistered, instance, now);
            RegistryLog.InstanceRegistered(logger, McpId, instance.InstanceId, instance.Version, instance.Endpoint);
        }
        else
        {
            instance.LastSeenAt = now;
            var changed = instance.Version != registration.Version
                || instance.Endpoint != registration.Endpoint
                || instance.Transport != registration.Transport
                || instance.HeartbeatIntervalSeconds != registration.HeartbeatIntervalSeconds
                || !SameMetadata(instance.Metadata, registration.Metadata);
            var oldHash = instance.ToolsHash;
            instance.Version = registration.Version;
            instance.Endpoint = registration.Endpoint;
            instance.Transport = registration.Transport;
            instance.HeartbeatIntervalSeconds = registration.HeartbeatIntervalSeconds;
            instance.Metadata = new Dictionary<string, string>(registration.Metadata, StringComparer.Ordinal);
            instance.Tools = [.. registration.Tools];
            instance.ToolsHash = hash;
            if (changed)
            {
                Stage(RegistryEventTypes.InstanceRegistered, instance, now);
            }

            if (oldHash != hash)
            {
                StageToolsChanged(instance, oldHash, now);
            }

            if (instance.Status == InstanceStatus.Unhealthy)
            {
                SetStatus(instance, InstanceStatus.Healthy, RegistryEventTypes.InstanceHealthy, now);
            }
        }

        await FlushAsync();
        UpdateLifetime();
        return new RegistrationResult(
            instance.InstanceId, instance.HeartbeatIntervalSeconds * TtlIntervals, instance.HeartbeatIntervalSeconds, created);
    }

    public async Task<bool> HeartbeatAsync(string instanceId, InstanceLoad? load)
    {
        if (!Instances.TryGetValue(instanceId, out var instance))
        {
            return false;
        }

        var now = TimeProvider.GetUtcNow();
        instance.LastSeenAt = now;
        instance.Load = load;
        if (instance.Status is InstanceStatus.Registered or InstanceStatus.Unhealthy)
        {
            SetStatus(instance, InstanceStatus.Healthy, RegistryEventTypes.InstanceHealthy, now);
            await FlushAsync();
        }

        return true;
    }

    public async Task<bool> ReportUnreachableAsync(string instanceId)
    {
        if (!Instances.TryGetValue(instanceId, out var instance))
        {
            return false;
        }

        if (instance.LeaseToken is null && instance.Status is InstanceStatus.Registered or InstanceStatus.Healthy)
        {
            SetStatus(instance, InstanceStatus.Unhealthy, RegistryEventTypes.InstanceUnhealthy, TimeProvider.GetUtcNow());
            await FlushAsync();
            UpdateLifetime();
        }

        return true;
    }

    public async Task<string?> OpenLeaseAsync(string instanceId)
    {
        if (!Instances.TryGetValue(instanceId, out var instance))
        {
            return null;
        }

        var now = TimeProvider.GetUtcNow();
        instance.LeaseToken = Guid.NewGuid().ToString("N");
        instance.LastSeenAt = now;
        var modeChanged = instance.LeaseMode != LeaseMode.Connection;
        instance.LeaseMode = LeaseMode.Connection;
        if (instance.Status is InstanceStatus.Registered or InstanceStatus.Unhealthy)
        {
            SetStatus(instance, InstanceStatus.Healthy, RegistryEventTypes.InstanceHealthy, now);
        }

        if (_pending.Count > 0 || modeChanged)
        {
            await FlushAsync();
        }

        UpdateLifetime();
        return instance.LeaseToken;
    }

    public async Task CloseLeaseAsync(string instanceId, string leaseToken)
    {
        if (!Instances.TryGetValue(instanceId, out var instance) || instance.LeaseToken != leaseToken)
        {
            return;
        }

        Remove(instance, RegistryEventTypes.InstanceDisconnected, TimeProvider.GetUtcNow());
        await FlushAsync();
        UpdateLifetime();
    }

    public Task ReleaseLeaseAsync(string instanceId, string leaseToken)
    {
        if (Instances.TryGetValue(instanceId, out var instance) && instance.LeaseToken == leaseToken)
        {
            instance.LeaseToken = null;
            instance.LastSeenAt = TimeProvider.GetUtcNow();
            UpdateLifetime();
        }

        return Task.CompletedTask;
    }

    public async Task<bool> DrainAsync(string instanceId)
    {
        if (!Instances.TryGetValue(instanceId, out var instance))
        {
            return false;
        }

        if (instance.Status != InstanceStatus.Draining)
        {
            SetStatus(instance, InstanceStatus.Draining, RegistryEventTypes.InstanceDraining, TimeProvider.GetUtcNow());
            await FlushAsync();
        }

        return true;
    }

    public async Task<bool> DeregisterAsync(string instanceId)
    {
        if (!Instances.TryGetValue(instanceId, out var instance))
        {
            return false;
        }

        Remove(instance, RegistryEventTypes.InstanceDeregistered, TimeProvider.GetUtcNow());
        await FlushAsync();
        UpdateLifetime();
        return true;
    }

    public Task<ServerView> GetAsync() =>
        Task.FromResult(new ServerView(McpId, Instances.Values.Select(i => i.ToView()).ToList()));

    private async Task CheckLeasesAsync(CancellationToken cancellationToken)
    {
        var now = TimeProvider.GetUtcNow();
        foreach (var instance in Instances.Values.ToList())
        {
            if (instance.LeaseToken is not null)
            {
                continue;
            }

            var silence = now - instance.LastSeenAt;
            if (silence >= instance.Interval * TtlIntervals)
            {
                Remove(instance, RegistryEventTypes.InstanceExpired, now);
            }
            else if (silence >= instance.Interval * UnhealthyIntervals
                && instance.Status is InstanceStatus.Registered or InstanceStatus.Healthy)
            {
                SetStatus(instance, InstanceStatus.Unhealthy, RegistryEventTypes.InstanceUnhealthy, now);
            }
        }

        await FlushAsync();
        UpdateLifetime();
    }

    /// <summary>Pins the activation and arms the lease check while instances exist; releases both when none do.</summary>
    private void UpdateLifetime()
    {
        if (Instances.Count == 0)
        {
            _leaseCheck?.Dispose();
            _leaseCheck = null;
            _pin?.Dispose();
            _pin = null;
            return;
        }

        _pin ??= Pin();
        var next = NextDeadline();
        var due = next is { } deadline ? deadline - TimeProvider.GetUtcNow() : Timeout.InfiniteTimeSpan;
        if (due != Timeout.InfiniteTimeSpan && due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        if (_leaseCheck is null)
        {
            _leaseCheck = RegisterGrainTimer(CheckLeasesAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
        }
        else
        {
            _leaseCheck.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The earliest time an instance may turn unhealthy or expire; null when every lease is an open connection.</summary>
    private DateTimeOffset? NextDeadline()
    {
        DateTimeOffset? next = null;
        foreach (var instance in Instances.Values)
        {
            if (instance.LeaseToken is not null)
            {
                continue;
            }

            var intervals = instance.Status is InstanceStatus.Registered or InstanceStatus.Healthy ? UnhealthyIntervals : TtlIntervals;
            var deadline = instance.LastSeenAt + (instance.Interval * intervals);
            if (next is null || deadline < next)
            {
                next = deadline;
            }
        }

        return next;
    }

    private void SetStatus(InstanceRecord instance, InstanceStatus status, string eventType, DateTimeOffset now)
    {
        instance.Status = status;
        Stage(eventType, instance, now);
        RegistryLog.InstanceStatusChanged(logger, McpId, instance.InstanceId, eventType);
    }

    private void Remove(InstanceRecord instance, string eventType, DateTimeOffset now)
    {
        Instances.Remove(instance.InstanceId);
        Stage(eventType, instance, now);
        RegistryLog.InstanceRemoved(logger, McpId, instance.InstanceId, eventType);
    }

    private void Stage(string type, InstanceRecord instance, DateTimeOffset now) =>
        _pending.Add(new EventDraft(type, McpId, instance.InstanceId, instance.Version, now,
            JsonSerializer.SerializeToUtf8Bytes(instance.ToView(), RegistryJsonContext.Default.InstanceView)));

    private void StageToolsChanged(InstanceRecord instance, string oldHash, DateTimeOffset now) =>
        _pending.Add(new EventDraft(RegistryEventTypes.ToolsChanged, McpId, instance.InstanceId, instance.Version, now,
            JsonSerializer.SerializeToUtf8Bytes(new ToolsChangedData(oldHash, instance.ToolsHash, instance.Tools), RegistryJsonContext.Default.ToolsChangedData)));

    /// <summary>Writes the state with the staged events in one transaction; on failure the activation's state is stale and it is deactivated.</summary>
    private async Task FlushAsync()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var events = _pending.ToArray();
        _pending.Clear();
        try
        {
            await state.WriteStateAsync(events);
        }
        catch
        {
            // The in-memory state now differs from storage; reload on the next activation rather than serve it.
            DeactivateOnIdle();
            throw;
        }
    }

    private static bool SameMetadata(Dictionary<string, string> current, IReadOnlyDictionary<string, string> next) =>
        current.Count == next.Count && next.All(pair => current.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
