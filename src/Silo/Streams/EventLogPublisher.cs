using Router.Abstractions.Events;

namespace Router.Silo.Streams;

/// <summary>Publishes events by appending them to an <see cref="IEventLog"/>.</summary>
public sealed class EventLogPublisher(IEventLog log) : IEventPublisher
{
    public Task PublishAsync(IReadOnlyList<EventDraft> events, CancellationToken cancellationToken = default) =>
        log.AppendAsync(events, cancellationToken);
}
