using System.Diagnostics;
using System.Net;
using Router.Testing;

namespace Router.LoadDriver;

/// <summary>A router node started by the driver (Release build of src/Gateway), stopped by its process id.</summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private const string NodeEnvironmentPrefix = "LOADDRIVER_NODE_ENV_";

    private readonly Process _process;
    private readonly string _dataDirectory;

    private NodeProcess(Process process, Uri url, string dataDirectory)
    {
        _process = process;
        Url = url;
        _dataDirectory = dataDirectory;
    }

    public Uri Url { get; }

    public int ProcessId => _process.Id;

    public static async Task<NodeProcess> StartAsync(string storage, IReadOnlyList<string> extraArguments)
    {
        var gateway = FindGateway();
        var port = LoopbackPorts.Next();
        var data = Path.Combine(Path.GetTempPath(), $"router-load-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = data,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(gateway);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.ArgumentList.Add($"--Router:Storage:Provider={storage}");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        foreach (var argument in extraArguments)
        {
            start.ArgumentList.Add(argument);
        }

        // For A/B runs: LOADDRIVER_NODE_ENV_<NAME>=<value> sets <NAME> for the node alone (the driver, the relay and the
        // upstream inherit the driver's environment as it is).
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string name && name.StartsWith(NodeEnvironmentPrefix, StringComparison.Ordinal))
            {
                start.Environment[name[NodeEnvironmentPrefix.Length..]] = variable.Value as string;
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the node");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"[node] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new NodeProcess(process, new Uri($"http://127.0.0.1:{port}"), data);
        await node.WaitReadyAsync();
        return node;
    }

    /// <summary>Starts a member of the cluster on the PostgreSQL database <paramref name="connectionString"/>, with an internal port of its own.</summary>
    public static Task<NodeProcess> StartClusterMemberAsync(string connectionString) =>
        StartAsync("postgres", [$"--Router:Storage:ConnectionString={connectionString}", $"--Router:Cluster:InternalPort={LoopbackPorts.Next()}"]);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private async Task WaitReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the node exited with code {_process.ExitCode}");
            }

            try
            {
                using var response = await client.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the node did not become ready within 60 s");
    }

    private static string FindGateway()
    {
        // For A/B runs: another build of the node (a copy of src/Gateway/bin/Release/net10.0 made before a change).
        if (Environment.GetEnvironmentVariable("LOADDRIVER_GATEWAY") is { Length: > 0 } chosen)
        {
            return chosen;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Gateway", "bin", "Release", "net10.0", "Router.Gateway.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("Router.Gateway.dll (Release) not found: run `dotnet build -c Release src/Gateway` first, or pass --router.");
    }
}
