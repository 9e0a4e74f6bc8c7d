namespace Router.EndToEnd.Tests.Fixtures;

/// <summary>
/// One finished call of an <see cref="EchoLoad"/>: <see cref="System.Diagnostics.Stopwatch"/> timestamps of when it was sent
/// and answered, and why it failed (null when it succeeded).
/// </summary>
internal sealed record EchoCall(string Agent, long StartedAt, long EndedAt, string? Failure)
{
    public bool Succeeded => Failure is null;
}
