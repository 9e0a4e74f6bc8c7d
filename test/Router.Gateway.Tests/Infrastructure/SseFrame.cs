using System.Text.Json;

namespace Router.Gateway.Tests.Infrastructure;

/// <summary>One Server-Sent Events frame as a client sees it: an event (with its id, name and data) or a comment.</summary>
internal sealed record SseFrame(string? Id, string Event, string Data, string? Comment = null)
{
    public bool IsComment => Comment is not null;

    /// <summary>The frame's id as a sequence number.</summary>
    public long Sequence => long.Parse(Id ?? throw new InvalidOperationException($"The '{Event}' frame has no id."), System.Globalization.CultureInfo.InvariantCulture);

    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Data);
            return document.RootElement.Clone();
        }
    }

    /// <summary>The <c>mcpId</c> of an event's data.</summary>
    public string? McpId => Json.TryGetProperty("mcpId", out var value) ? value.GetString() : null;

    /// <summary>The <c>instanceId</c> of an event's data.</summary>
    public string? InstanceId => Json.TryGetProperty("instanceId", out var value) ? value.GetString() : null;

    public override string ToString() => IsComment ? $": {Comment}" : $"{Id}/{Event}/{(Data.Length > 120 ? Data[..120] + "…" : Data)}";
}
