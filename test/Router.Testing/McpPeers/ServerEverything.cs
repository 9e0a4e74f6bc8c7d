using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Router.Testing.McpPeers;

/// <summary>
/// A real <c>@modelcontextprotocol/server-everything</c> (the reference MCP test server, on the TypeScript SDK) run
/// with Node.js on a free loopback port, serving streamable HTTP at <c>/mcp</c> or HTTP+SSE at <c>/sse</c>.
/// </summary>
/// <remarks>
/// The package listens on every interface and has no host setting, so it runs through
/// <c>test/peers/server-everything-loopback.mjs</c>, which pins every listen in the process to 127.0.0.1.
/// Disposing kills exactly the process tree this fixture started.
/// </remarks>
public sealed class ServerEverything : IAsyncDisposable
{
    private const string WrapperScript = "server-everything-loopback.mjs";
    private const int StartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private ServerEverything(Process process, ConcurrentQueue<string> output, ServerEverythingTransport transport, int port)
    {
        _process = process;
        _output = output;
        Transport = transport;
        Port = port;
        Endpoint = new Uri($"http://127.0.0.1:{port}{(transport == ServerEverythingTransport.Sse ? "/sse" : "/mcp")}");
    }

    /// <summary>The transport the server serves.</summary>
    public ServerEverythingTransport Transport { get; }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>
    /// The MCP endpoint: <c>http://127.0.0.1:&lt;port&gt;/mcp</c> for streamable HTTP, <c>…/sse</c> (the event
    /// stream, which announces <c>/message?sessionId=…</c> for posts) for HTTP+SSE.
    /// </summary>
    public Uri Endpoint { get; }

    /// <summary>The id of the Node.js process serving.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The last lines the server wrote (standard output and error), for failure messages.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _output.TakeLast(60));

    /// <summary>
    /// Starts the server and returns once it accepts TCP connections. A port taken between choosing and binding it
    /// is retried on another; a server not accepting within 30 seconds fails with its recent output.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The npm packages are not installed (run <c>./test.sh</c>).</exception>
    public static async Task<ServerEverything> StartAsync(ServerEverythingTransport transport, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(transport, FreeLoopbackPort());
            try
            {
                await server.WaitUntilAcceptingAsync(cancellationToken);
                return server;
            }
            catch (PortTakenException) when (attempt < StartAttempts)
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync(CancellationToken.None);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static ServerEverything Launch(ServerEverythingTransport transport, int port)
    {
        var start = new ProcessStartInfo(NodePeers.NodeExecutable)
        {
            WorkingDirectory = NodePeers.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(NodePeers.ScriptPath(WrapperScript));
        start.ArgumentList.Add(transport == ServerEverythingTransport.Sse ? "sse" : "streamableHttp");
        start.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);

        var output = new ConcurrentQueue<string>();
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Could not start server-everything.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(NodePeers.NodeMissingMessage(e.Message), e);
        }

        process.OutputDataReceived += (_, e) => Record(output, e.Data);
        process.ErrorDataReceived += (_, e) => Record(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerEverything(process, output, transport, port);
    }

    private async Task WaitUntilAcceptingAsync(CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(StartTimeout);
        try
        {
            while (!await AcceptsAsync(bound.Token))
            {
                if (_process.HasExited)
                {
                    // Let the output readers drain what the process wrote before it died.
                    await _process.WaitForExitAsync(CancellationToken.None);
                    if (RecentOutput.Contains("EADDRINUSE", StringComparison.Ordinal))
                    {
                        throw new PortTakenException();
                    }

                    throw new InvalidOperationException(
                        $"server-everything ({Transport}) exited with code {_process.ExitCode} before accepting connections on port {Port}. Output:{Environment.NewLine}{RecentOutput}");
                }

                await Task.Delay(PollInterval, bound.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"server-everything ({Transport}) did not accept connections on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds:0} s. Output:{Environment.NewLine}{RecentOutput}");
        }
    }

    private async Task<bool> AcceptsAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient(AddressFamily.InterNetwork);
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
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

    private sealed class PortTakenException : Exception;
}
