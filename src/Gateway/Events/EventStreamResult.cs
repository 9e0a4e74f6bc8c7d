using Microsoft.AspNetCore.Http;

namespace Router.Gateway.Events;

/// <summary>The result of <c>GET /v1/events</c>: runs the subscriber's stream until it ends.</summary>
internal sealed class EventStreamResult(EventStream stream, long? after, EventFilter filter) : IResult
{
    public long? After { get; } = after;

    public EventFilter Filter { get; } = filter;

    public Task ExecuteAsync(HttpContext httpContext) => stream.RunAsync(httpContext, After, Filter);
}
