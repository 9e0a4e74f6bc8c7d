using System.Collections.Concurrent;
using System.Diagnostics;

namespace Router.Gateway.Tests.Infrastructure;

/// <summary>
/// The built gateway (<c>Router.Gateway.dll</c>, copied next to this test assembly by the project reference) run as
/// a separate process with <c>dotnet</c>. Disposing kills that process (only it, by its id) and waits for it.
/// </summary>
internal sealed class GatewayProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private GatewayProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "Router.Gateway.dll");

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the process to exit within <paramref name="bound"/>; returns its exit code, or null when it still runs.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan bound)
    {
        using var deadline = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        // The asynchronous output readers finish after the exit; this overload waits for them.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>What the process wrote so far (stdout and stderr, interleaved), for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>
    /// Starts the gateway in <paramref name="workingDirectory"/> with <paramref name="arguments"/>. Router settings and
    /// addresses inherited from this process's environment are removed, so only what the test passes applies.
    /// </summary>
    public static GatewayProcess Start(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(AssemblyPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var inherited = startInfo.Environment.Keys.Where(IsNodeSetting).ToList();
        foreach (var key in inherited)
        {
            startInfo.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {startInfo.FileName} {AssemblyPath}.");
        return new GatewayProcess(process);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit();
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>The <c>dotnet</c> host running this test process (the SDK sets <c>DOTNET_HOST_PATH</c>), else <c>dotnet</c> on the path.</summary>
    private static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private static bool IsNodeSetting(string key) =>
        key.StartsWith("Router__", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("Kestrel__", StringComparison.OrdinalIgnoreCase)
        || key.Equals("URLS", StringComparison.OrdinalIgnoreCase)
        || key.Equals("HTTP_PORTS", StringComparison.OrdinalIgnoreCase)
        || key.Equals("HTTPS_PORTS", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("DOTNET_URLS", StringComparison.OrdinalIgnoreCase);

    private void Record(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
