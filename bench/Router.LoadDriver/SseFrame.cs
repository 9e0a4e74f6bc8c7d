namespace Router.LoadDriver;

/// <summary>One Server-Sent Events frame.</summary>
internal sealed record SseFrame(string? Id, string Event, string Data);
