namespace Router.Abstractions.Events;

/// <summary>Appends events that go with no grain state to the node's durable event log.</summary>
public interface IEventPublisher
{
    /// <summary>Appends <paramref name="events"/> in order.</summary>
    Task PublishAsync(IReadOnlyList<EventDraft> events, CancellationToken cancellationToken = default);
}
