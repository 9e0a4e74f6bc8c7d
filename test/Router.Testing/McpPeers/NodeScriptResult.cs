namespace Router.Testing.McpPeers;

/// <summary>How a Node.js script run by <see cref="NodeScript.RunAsync"/> ended.</summary>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="StandardOutput">Everything the script wrote to standard output.</param>
/// <param name="StandardError">Everything the script wrote to standard error.</param>
public sealed record NodeScriptResult(int ExitCode, string StandardOutput, string StandardError);
