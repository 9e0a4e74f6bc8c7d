using System.ComponentModel;
using System.Diagnostics;

namespace Router.Testing.McpPeers;

/// <summary>Runs a short-lived Node.js script of <c>test/peers</c> (a TypeScript-SDK client, say) to completion.</summary>
public static class NodeScript
{
    /// <summary>
    /// Runs <c>node &lt;script&gt; &lt;arguments&gt;</c> in <c>test/peers</c> and returns its exit code and output.
    /// If it has not exited within <paramref name="timeout"/> its process tree is killed and a
    /// <see cref="TimeoutException"/> carries what it wrote so far.
    /// </summary>
    public static async Task<NodeScriptResult> RunAsync(
        string scriptFileName, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(NodePeers.NodeExecutable)
        {
            WorkingDirectory = NodePeers.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(NodePeers.ScriptPath(scriptFileName));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start node {scriptFileName}.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(NodePeers.NodeMissingMessage(e.Message), e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException(
                    $"node {scriptFileName} did not exit within {timeout}. Output:{Environment.NewLine}{await stdout}{Environment.NewLine}{await stderr}");
            }

            return new NodeScriptResult(process.ExitCode, await stdout, await stderr);
        }
    }
}
