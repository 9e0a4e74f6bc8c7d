using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Router.Gateway.Http;
using Router.Gateway.Security;

namespace Router.Gateway.Events;

/// <summary>
/// Maps the event feed (docs/api/registry.md): <c>GET /v1/events</c> (Server-Sent Events, resumable by
/// <c>Last-Event-ID</c> or <c>?after=</c>, filtered by <c>?mcpId=</c> and <c>?types=</c>) and
/// <c>GET /v1/events/snapshot</c>. Both need the <c>events:read</c> scope.
/// </summary>
internal static class EventsApi
{
    public const string LastEventIdHeader = "Last-Event-ID";

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var events = endpoints.MapGroup("/v1/events").RequireRouterScope(ApiKeyScopes.EventsRead);
        events.MapGet("", Stream).WithName("EventFeed");
        events.MapGet("/snapshot", SnapshotAsync).WithName("EventSnapshot");
        return endpoints;
    }

    /// <summary>Opens the feed. <c>Last-Event-ID</c> wins over <c>?after=</c>: a reconnecting EventSource sends it with its original URL.</summary>
    public static Results<EventStreamResult, ValidationProblem> Stream(HttpContext context, EventStream stream)
    {
        ArgumentNullException.ThrowIfNull(context);
        var errors = new ValidationErrors();
        var query = context.Request.Query;
        var after = ParseCursor(context.Request.Headers[LastEventIdHeader], LastEventIdHeader, errors)
            ?? ParseCursor(query["after"], "after", errors);
        var filter = EventFilter.Parse(Joined(query["mcpId"]), Joined(query["types"]), errors);
        return errors.HasErrors ? ProblemResults.Invalid(errors) : new EventStreamResult(stream, after, filter);
    }

    public static async Task<Ok<RegistrySnapshot>> SnapshotAsync(EventFeed feed, CancellationToken cancellationToken) =>
        TypedResults.Ok(await RegistrySnapshots.ReadAsync(feed.Log, cancellationToken: cancellationToken).ConfigureAwait(false));

    private static long? ParseCursor(Microsoft.Extensions.Primitives.StringValues values, string field, ValidationErrors errors)
    {
        if (values.Count == 0 || string.IsNullOrWhiteSpace(values[^1]))
        {
            return null;
        }

        if (values.Count > 1
            || !long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var cursor))
        {
            errors.Add(field, "Must be one event sequence number (a non-negative integer).");
            return null;
        }

        return cursor;
    }

    private static string? Joined(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 ? null : string.Join(',', values.ToArray());
}
