using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Router.Grains.Upstream;

namespace Router.Grains.Tests.Upstream;

/// <summary>
/// <see cref="DirectPost"/> against a hand-written HTTP/1.1 upstream that answers on an event stream and then holds the
/// stream open until the test lets it end: the caller gets the answer while the stream is still open (the rest is drained
/// in the background), and a stream that does not end costs the next request nothing but a fresh connection. (That the
/// caller no longer waits for the end is a latency matter, shown by the routing benchmark, not by a test.)
/// </summary>
public sealed class DirectPostTests
{
    [Fact]
    public async Task SendAsync_StreamHeldOpenAfterAnswer_ReturnsTheAnswer()
    {
        await using var upstream = HoldingUpstream.Start();
        using var http = new HttpClient();

        var result = await DirectPost.SendAsync(
            http, upstream.Endpoint, "session-1", DirectPost.LastSessionRevision, "tools/call", new JsonObject { ["name"] = "echo" },
            progress: null, notifications: null, CancellationToken.None);

        Assert.Equal("answer 1", result?["content"]?[0]?["text"]?.GetValue<string>());
        Assert.Equal(0, upstream.StreamsEnded);
        upstream.EndStreams();
    }

    [Fact]
    public async Task SendAsync_EarlierStreamNeverEnds_NextRequestAnsweredOnAnotherConnection()
    {
        await using var upstream = HoldingUpstream.Start();
        using var http = new HttpClient();

        var first = await DirectPost.SendAsync(
            http, upstream.Endpoint, "session-1", DirectPost.LastSessionRevision, "tools/call", new JsonObject(), null, null, CancellationToken.None);
        var second = await DirectPost.SendAsync(
            http, upstream.Endpoint, "session-1", DirectPost.LastSessionRevision, "tools/call", new JsonObject(), null, null, CancellationToken.None);

        Assert.Equal("answer 1", first?["content"]?[0]?["text"]?.GetValue<string>());
        Assert.Equal("answer 2", second?["content"]?[0]?["text"]?.GetValue<string>());
        Assert.Equal(2, upstream.Connections);
        upstream.EndStreams();
    }

    [Fact]
    public async Task SendAsync_CallerCancelsBeforeTheAnswer_UpstreamToldWhichRequest()
    {
        await using var upstream = HoldingUpstream.Start(answer: false);
        using var http = new HttpClient();
        using var cancellation = new CancellationTokenSource();

        var sending = DirectPost.SendAsync(
            http, upstream.Endpoint, "session-1", DirectPost.LastSessionRevision, "tools/call", new JsonObject { ["name"] = "slow" },
            null, null, cancellation.Token).AsTask();
        var request = await upstream.Requests.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        var notification = await upstream.Requests.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("notifications/cancelled", notification["method"]?.GetValue<string>());
        Assert.Null(notification["id"]);
        Assert.True(JsonNode.DeepEquals(request["id"], notification["params"]?["requestId"]));
        upstream.EndStreams();
    }

    /// <summary>
    /// Answers each POST with chunked <c>text/event-stream</c>: headers first, then one event with the response, then
    /// nothing until <see cref="EndStreams"/>, when it writes the last chunk and waits for the connection's next request.
    /// Without <c>answer</c> it writes only the headers before holding. A notification gets 202 at once. Every message
    /// received is offered on <see cref="Requests"/>.
    /// </summary>
    private sealed class HoldingUpstream : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stopping = new();
        private readonly TaskCompletionSource _end = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<Task> _connections = [];
        private readonly Task _accepting;
        private readonly bool _answer;
        private readonly System.Threading.Channels.Channel<JsonNode> _requests = System.Threading.Channels.Channel.CreateUnbounded<JsonNode>();
        private int _answered;
        private int _streamsEnded;

        private HoldingUpstream(TcpListener listener, bool answer)
        {
            _listener = listener;
            _answer = answer;
            Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/mcp");
            _accepting = AcceptAsync();
        }

        public Uri Endpoint { get; }

        public int Connections { get; private set; }

        public int StreamsEnded => Volatile.Read(ref _streamsEnded);

        public System.Threading.Channels.ChannelReader<JsonNode> Requests => _requests.Reader;

        public static HoldingUpstream Start(bool answer = true)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return new HoldingUpstream(listener, answer);
        }

        public void EndStreams() => _end.TrySetResult();

        public async ValueTask DisposeAsync()
        {
            _end.TrySetResult();
            await _stopping.CancelAsync();
            _listener.Stop();
            try
            {
                await _accepting;
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or OperationCanceledException)
            {
                // Stopped.
            }

            await Task.WhenAll(_connections);
            _stopping.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stopping.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                Connections++;
                _connections.Add(ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                var stream = client.GetStream();
                try
                {
                    while (await ReadRequestAsync(stream) is { } body)
                    {
                        var message = JsonNode.Parse(body)!;
                        _requests.Writer.TryWrite(message);
                        if (message["id"] is null)
                        {
                            await WriteAsync(stream, "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
                            continue;
                        }

                        var id = message["id"]!.ToJsonString();
                        var number = Interlocked.Increment(ref _answered);
                        var answer = new JsonObject
                        {
                            ["jsonrpc"] = "2.0",
                            ["id"] = JsonNode.Parse(id),
                            ["result"] = new JsonObject { ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = $"answer {number}" }) },
                        }.ToJsonString();
                        await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
                        if (_answer)
                        {
                            await WriteAsync(stream, Chunk($"event: message\ndata: {answer}\n\n"));
                        }

                        await _end.Task.WaitAsync(_stopping.Token);
                        await WriteAsync(stream, "0\r\n\r\n");
                        Interlocked.Increment(ref _streamsEnded);
                    }
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
                {
                    // The client went away, or the test is over.
                }
            }
        }

        /// <summary>The body of the next request on the connection; null when the client closed it.</summary>
        private static async Task<string?> ReadRequestAsync(NetworkStream stream)
        {
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await stream.ReadAsync(one) == 0)
                {
                    return null;
                }

                head.Append((char)one[0]);
            }

            var length = head.ToString().Split("\r\n")
                .Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                .Select(line => int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
                .Single();
            var body = new byte[length];
            await stream.ReadExactlyAsync(body);
            return Encoding.UTF8.GetString(body);
        }

        private static string Chunk(string data) =>
            $"{Encoding.UTF8.GetByteCount(data):X}\r\n{data}\r\n";

        private static async Task WriteAsync(NetworkStream stream, string text) =>
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
    }
}
