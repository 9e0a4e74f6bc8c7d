using System.Collections.Concurrent;
using System.Diagnostics;

namespace Router.Testing.McpPeers;

/// <summary>
/// The repository's own MCP test server (<c>test/Router.McpFixture</c>: tools <c>echo</c>, <c>add</c>, <c>slow</c>,
/// prompt <c>greeting</c>, resource <c>fixture://readme</c>) run as a child process on a free loopback port, serving
/// stateless Streamable HTTP at <c>/mcp</c>.
/// </summary>
/// <remarks>
/// The fixture binds port 0 and writes <c>listening on http://127.0.0.1:NNNNN</c> once it accepts connections, so there
/// is no port to race for. It runs from the build output of the same configuration as the caller (Router.Testing
/// references the project, so building the tests builds it). Disposing kills exactly the process this fixture started.
/// </remarks>
public sealed class McpFixtureServer : IAsyncDisposable
{
    private const string ProjectDirectory = "test/Router.McpFixture";
    private const string AssemblyName = "Router.McpFixture";
    private const string ListeningPrefix = "listening on ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private McpFixtureServer(Process process, ConcurrentQueue<string> output, Uri baseAddress)
    {
        _process = process;
        _output = output;
        Endpoint = new Uri(baseAddress, "/mcp");
    }

    /// <summary>The MCP endpoint: <c>http://127.0.0.1:&lt;port&gt;/mcp</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port => Endpoint.Port;

    /// <summary>The id of the process serving.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The last lines the server wrote (standard output and error), for failure messages.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _output.TakeLast(60));

    /// <summary>The path of the fixture's built program, in the configuration the caller was built in.</summary>
    public static string ProgramPath => ChildProcess.ProgramPath(ProjectDirectory, AssemblyName);

    /// <summary>Starts the fixture and returns once it listens; fails with its output if it does not within 30 seconds.</summary>
    /// <exception cref="FileNotFoundException">The fixture is not built.</exception>
    public static async Task<McpFixtureServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var path = ProgramPath;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} does not exist; build {ProjectDirectory} (or the solution) first.", path);
        }

        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(path)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(path);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var output = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {path}.");
        process.OutputDataReceived += (_, e) =>
        {
            Record(output, e.Data);
            if (e.Data is { } line && line.StartsWith(ListeningPrefix, StringComparison.Ordinal)
                && Uri.TryCreate(line[ListeningPrefix.Length..].Trim(), UriKind.Absolute, out var bound))
            {
                listening.TrySetResult(bound);
            }
        };
        process.ErrorDataReceived += (_, e) => Record(output, e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("exited"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        Uri address;
        try
        {
            address = await listening.Task.WaitAsync(StartTimeout, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            await StopAsync(process);
            throw new InvalidOperationException(
                $"{AssemblyName} did not report a listening address within {StartTimeout.TotalSeconds:0} s ({(e is TimeoutException ? "timed out" : "it exited")}). Output:{Environment.NewLine}{string.Join(Environment.NewLine, output.TakeLast(60))}",
                e);
        }
        catch
        {
            await StopAsync(process);
            throw;
        }

        return new McpFixtureServer(process, output, address);
    }

    public ValueTask DisposeAsync() => StopAsync(_process);

    private static async ValueTask StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            // Also lets the output readers drain what the process wrote.
            await process.WaitForExitAsync(CancellationToken.None);
        }
        finally
        {
            process.Dispose();
        }
    }

    private static void Record(ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 500 && output.TryDequeue(out _))
        {
        }
    }

    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
