using System.Net;
using System.Net.Sockets;
using Router.Testing;

namespace Router.EndToEnd.Tests.Fixtures;

/// <summary>A router node as users run it: the built gateway in its own process, default embedded storage under ./data.</summary>
internal sealed class RouterNodeProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _workingDirectory;

    private RouterNodeProcess(ChildProcess process, Uri url, string workingDirectory)
    {
        _process = process;
        Url = url;
        _workingDirectory = workingDirectory;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Url { get; }

    public HttpClient Http { get; }

    public string RecentOutput => _process.RecentOutput;

    /// <summary>Kills the node at once (SIGKILL): it neither leaves its cluster nor hands anything over.</summary>
    public void Kill() => _process.Kill();

    public static async Task<RouterNodeProcess> StartAsync(params string[] extraArguments)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"router-e2e-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var process = ChildProcess.Start(
            ChildProcess.ProgramPath("src/Gateway", "Router.Gateway"), directory, ["--urls", url.ToString().TrimEnd('/'), .. extraArguments]);
        var node = new RouterNodeProcess(process, url, directory);
        await node.WaitReadyAsync();
        return node;
    }

    public static int FreePort() => LoopbackPorts.Next();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            await _process.TerminateAsync(TimeSpan.FromSeconds(20));
        }

        _process.Dispose();
        Directory.Delete(_workingDirectory, recursive: true);
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The node exited during start-up:{Environment.NewLine}{_process.RecentOutput}");
            }

            try
            {
                using var response = await Http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The node was not ready within 60 s:{Environment.NewLine}{_process.RecentOutput}");
    }
}
