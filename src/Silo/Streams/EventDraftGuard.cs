using Router.Abstractions.Events;

namespace Router.Silo.Streams;

/// <summary>Argument checks every event log applies to drafts before touching its store.</summary>
internal static class EventDraftGuard
{
    /// <summary>
    /// Rejects a null list, a null draft, an empty type or MCP id, and data that is not a JSON object. The data
    /// check is deliberately cheap: the first non-whitespace byte must be <c>{</c>; the log stores the bytes as given.
    /// </summary>
    /// <exception cref="ArgumentException">A draft is invalid; the parameter name names the draft and field.</exception>
    public static void ThrowIfInvalid(IReadOnlyList<EventDraft> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        for (var i = 0; i < events.Count; i++)
        {
            var draft = events[i] ?? throw new ArgumentNullException($"events[{i}]", $"Event {i} is null.");
            if (string.IsNullOrEmpty(draft.Type))
            {
                throw new ArgumentException($"Event {i} has no type.", $"events[{i}].{nameof(EventDraft.Type)}");
            }

            if (string.IsNullOrEmpty(draft.McpId))
            {
                throw new ArgumentException($"Event {i} ({draft.Type}) has no MCP id.", $"events[{i}].{nameof(EventDraft.McpId)}");
            }

            if (!IsJsonObject(draft.Data))
            {
                throw new ArgumentException($"Event {i} ({draft.Type}) must carry a UTF-8 JSON object as its data.", $"events[{i}].{nameof(EventDraft.Data)}");
            }
        }
    }

    private static bool IsJsonObject(byte[]? data)
    {
        if (data is null)
        {
            return false;
        }

        foreach (var b in data)
        {
            switch (b)
            {
                case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                    continue;
                case (byte)'{':
                    return true;
                default:
                    return false;
            }
        }

        return false;
    }
}
