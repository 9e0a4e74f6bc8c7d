namespace Router.EndToEnd.Tests.Fixtures;

/// <summary>An agent calling the <c>echo</c> tool of one MCP server through the router.</summary>
internal interface IEchoAgent
{
    string Name { get; }

    /// <summary>Calls <c>echo</c> with <paramref name="message"/>; null when the echo came back, else what went wrong.</summary>
    Task<string?> EchoAsync(string message, CancellationToken cancellationToken = default);
}
