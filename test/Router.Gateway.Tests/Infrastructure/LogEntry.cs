using Microsoft.Extensions.Logging;

namespace Router.Gateway.Tests.Infrastructure;

/// <summary>One recorded log entry.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message, string? Exception = null);
