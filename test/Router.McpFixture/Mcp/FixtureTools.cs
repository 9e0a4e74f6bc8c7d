using System.ComponentModel;
using System.Globalization;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Router.McpFixture.Mcp;

/// <summary>The fixture's tools. Results are deterministic so that tests can check them exactly.</summary>
internal static class FixtureTools
{
    private const int MaxDurationMs = 60_000;
    private const int MaxSteps = 1_000;

    /// <summary>Creates the tool definitions; the schemas come from the method signatures.</summary>
    public static IReadOnlyList<McpServerTool> Create() =>
    [
        McpServerTool.Create(Echo, new McpServerToolCreateOptions { Name = "echo", ReadOnly = true, Idempotent = true }),
        McpServerTool.Create(Add, new McpServerToolCreateOptions { Name = "add", ReadOnly = true, Idempotent = true }),
        McpServerTool.Create(SlowAsync, new McpServerToolCreateOptions { Name = "slow", ReadOnly = true, Idempotent = true }),
        McpServerTool.Create(AnnounceToolsChangedAsync, new McpServerToolCreateOptions { Name = "announce-tools-changed", Idempotent = true }),
    ];

    [Description("Sends notifications/tools/list_changed on this request's stream (the tool list stays the same): lets tests see list-changed relays.")]
    public static async Task<string> AnnounceToolsChangedAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        // The request's server is bound to the request's stream: a stateless server has no other to send on.
        await context.Server.SendNotificationAsync(NotificationMethods.ToolListChangedNotification, cancellationToken).ConfigureAwait(false);
        return "announced";
    }

    [Description("Echoes the message back, prefixed with 'Echo: '.")]
    public static string Echo([Description("The message to echo.")] string message) => $"Echo: {message}";

    [Description("Adds two numbers.")]
    public static string Add([Description("The first addend.")] double a, [Description("The second addend.")] double b) =>
        (a + b).ToString(CultureInfo.InvariantCulture);

    [Description("Takes durationMs milliseconds in the given number of steps, reporting progress after each step when the request asks for progress. Cancellable.")]
    public static async Task<string> SlowAsync(
        IProgress<ProgressNotificationValue> progress,
        [Description("How long the call takes, in milliseconds (0–60000).")] int durationMs,
        [Description("How many steps (and progress notifications), 1–1000.")] int steps,
        CancellationToken cancellationToken)
    {
        if (durationMs is < 0 or > MaxDurationMs)
        {
            throw new McpException($"durationMs must be between 0 and {MaxDurationMs}.");
        }

        if (steps is < 1 or > MaxSteps)
        {
            throw new McpException($"steps must be between 1 and {MaxSteps}.");
        }

        var step = TimeSpan.FromMilliseconds(durationMs / (double)steps);
        for (var i = 1; i <= steps; i++)
        {
            await Task.Delay(step, cancellationToken).ConfigureAwait(false);
            // The SDK's reporter sends notifications/progress only when the request carried a progressToken.
            progress.Report(new ProgressNotificationValue { Progress = i, Total = steps, Message = $"step {i} of {steps}" });
        }

        return string.Create(CultureInfo.InvariantCulture, $"Slept {durationMs} ms in {steps} steps");
    }
}
