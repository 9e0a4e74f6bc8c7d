using System.Text.Json;
using Router.Abstractions.Registry;
using Router.Grains.Registry;
using Router.Silo.Streams;

namespace Router.Gateway.Events;

/// <summary>
/// Reads the registry as persisted, consistent with the event log: every registry grain's state record and the last
/// event sequence they reflect, in one read, without activating a grain.
/// </summary>
internal static class RegistrySnapshots
{
    /// <summary>Every server with persisted instances (only those in <paramref name="mcpIds"/> when given), ordered by id.</summary>
    public static async Task<RegistrySnapshot> ReadAsync(IEventLog log, IReadOnlySet<string>? mcpIds = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        var snapshot = await log.ReadStatesAsync(RegistryStorageNames.GrainType, RegistryStorageNames.StateName, cancellationToken).ConfigureAwait(false);
        var servers = new List<ServerView>();
        foreach (var entry in snapshot.States.OrderBy(s => s.GrainKey, StringComparer.Ordinal))
        {
            if (mcpIds is not null && !mcpIds.Contains(entry.GrainKey))
            {
                continue;
            }

            var state = JsonSerializer.Deserialize(entry.Payload, GrainsJsonContext.Default.RegistryState);
            if (state is { Instances.Count: > 0 })
            {
                servers.Add(new ServerView(entry.GrainKey, [.. state.Instances.Values.Select(instance => instance.ToView())]));
            }
        }

        return new RegistrySnapshot(snapshot.Sequence, servers);
    }
}
