using Router.Abstractions.Registry;

namespace Router.Gateway.Events;

/// <summary>The registry as of an event: <c>GET /v1/events/snapshot</c>, and the data of the feed's <c>snapshot</c> event.</summary>
/// <param name="Sequence">The last event the servers reflect; follow with the events after it.</param>
/// <param name="Servers">Every server with persisted instances, ordered by id.</param>
internal sealed record RegistrySnapshot(long Sequence, IReadOnlyList<ServerView> Servers);
