using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Router.Testing;

namespace Router.LoadDriver.Routing;

/// <summary>
/// The least an extra HTTP hop can be: a process that forwards each request to one upstream address and streams the
/// answer back, with nothing of MCP, routing or the node in it. Measured next to the router, it gives the floor that
/// any router, in any process on this machine, pays for the second loopback crossing and the extra process wake-ups.
/// </summary>
/// <remarks>
/// It reads the request body whole (as the router does) and copies the answer's body as it arrives, so an event stream
/// reaches the client event by event. It runs in its own process with the node's runtime settings (ADR 0008), started
/// by <see cref="StartAsync"/> as <c>Router.LoadDriver relay --target &lt;url&gt; --port &lt;n&gt;</c>.
/// </remarks>
internal sealed class HttpRelay : IDisposable
{
    public const string Usage = "usage: Router.LoadDriver relay --target <http://127.0.0.1:port/path> --port <n>";

    /// <summary>The request headers an MCP client's POST depends on; the content headers travel with the body.</summary>
    private static readonly string[] ForwardedRequestHeaders = ["Accept", "Mcp-Session-Id", "MCP-Protocol-Version", "Last-Event-ID"];

    /// <summary>The answer headers an MCP client reads, besides the content headers.</summary>
    private static readonly string[] ForwardedResponseHeaders = ["Mcp-Session-Id", "Cache-Control"];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ChildProcess _process;

    private HttpRelay(ChildProcess process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    /// <summary>Where clients send what the relay forwards: the upstream's path on the relay's port.</summary>
    public Uri Endpoint { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts a relay process forwarding to <paramref name="target"/> and returns once it accepts connections.</summary>
    public static async Task<HttpRelay> StartAsync(Uri target, CancellationToken cancellationToken)
    {
        var port = LoopbackPorts.Next();
        var driver = typeof(HttpRelay).Assembly.Location;
        var process = ChildProcess.Start(
            driver,
            Path.GetDirectoryName(driver)!,
            ["relay", "--target", target.AbsoluteUri, "--port", port.ToString(CultureInfo.InvariantCulture)],
            NodeRuntimeSettings());
        var relay = new HttpRelay(process, new UriBuilder(target) { Port = port }.Uri);
        try
        {
            await relay.WaitListeningAsync(port, cancellationToken);
            return relay;
        }
        catch
        {
            relay.Dispose();
            throw;
        }
    }

    /// <summary>Serves as the relay until the process is stopped. Returns a process exit code.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        if (ParseArguments(args) is not var (target, port))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        builder.Logging.ClearProviders();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        await using var app = builder.Build();
        app.Run(context => ForwardAsync(context, http, target));
        await app.RunAsync();
        return 0;
    }

    public void Dispose() => _process.Dispose();

    private static async Task ForwardAsync(HttpContext context, HttpClient http, Uri target)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            request.Content = new ByteArrayContent(body.ToArray());
            if (context.Request.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        foreach (var name in ForwardedRequestHeaders)
        {
            if (context.Request.Headers.TryGetValue(name, out var values))
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values!);
            }
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var name in ForwardedResponseHeaders)
        {
            if (response.Headers.TryGetValues(name, out var values))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (response.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }

        if (response.Content.Headers.ContentLength is { } length)
        {
            context.Response.ContentLength = length;
        }

        // Each piece is written (and so flushed) as it arrives: an event stream is not held back.
        await using var answer = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        await answer.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static (Uri Target, int Port)? ParseArguments(string[] args)
    {
        Uri? target = null;
        int? port = null;
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--target" when Uri.TryCreate(args[i + 1], UriKind.Absolute, out var uri) && uri.IsLoopback:
                    target = uri;
                    break;
                case "--port" when int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and < 65536:
                    port = value;
                    break;
                default:
                    return null;
            }
        }

        return args.Length % 2 == 1 && target is not null && port is not null ? (target, port.Value) : null;
    }

    /// <summary>
    /// The runtime settings the node runs with, so that the relay is not handicapped against it. A copy of those in
    /// src/Gateway/Router.Gateway.csproj (the relay runs under the driver's runtime configuration): keep the two in step.
    /// </summary>
    private static Dictionary<string, string> NodeRuntimeSettings() => new(StringComparer.Ordinal)
    {
        ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "2000",
        ["DOTNET_gcServer"] = "0",
        ["DOTNET_gcConcurrent"] = "1",
        ["DOTNET_TieredPGO"] = "1",
    };

    private async Task WaitListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        try
        {
            while (!await AcceptsAsync(port, deadline.Token))
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"the relay exited before it listened. Output:{Environment.NewLine}{_process.RecentOutput}");
                }

                await Task.Delay(50, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the relay did not listen on port {port} within {StartTimeout.TotalSeconds:0} s. Output:{Environment.NewLine}{_process.RecentOutput}");
        }
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var probe = new TcpClient();
        try
        {
            await probe.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
