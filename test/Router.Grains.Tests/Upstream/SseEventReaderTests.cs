using System.IO.Pipelines;
using System.Text;
using Router.Grains.Upstream;

namespace Router.Grains.Tests.Upstream;

/// <summary>
/// <see cref="SseEventReader"/> on streams delivered in chosen pieces, so that lines, line ends and events fall across
/// reads as they do on a real connection.
/// </summary>
public sealed class SseEventReaderTests
{
    [Fact]
    public async Task ReadEventAsync_OneEvent_GivesItsData()
    {
        await using var events = Reader("event: message\nid: 7\ndata: {\"a\":1}\n\n");

        Assert.Equal(["{\"a\":1}"], await ReadAllAsync(events));
    }

    [Fact]
    public async Task ReadEventAsync_SeveralDataLines_JoinsThemWithLineFeeds()
    {
        await using var events = Reader("data: first\ndata:second\ndata\ndata:  fourth\n\n");

        Assert.Equal(["first\nsecond\n\n fourth"], await ReadAllAsync(events));
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    [InlineData("\n")]
    public async Task ReadEventAsync_AnyLineEnd_EndsLinesAndEvents(string end)
    {
        await using var events = Reader($"data: one{end}{end}data: two{end}data: three{end}{end}");

        Assert.Equal(["one", "two\nthree"], await ReadAllAsync(events));
    }

    [Fact]
    public async Task ReadEventAsync_CarriageReturnAndLineFeedInDifferentReads_AreOneLineEnd()
    {
        // Were the LF read as a line of its own, it would end the event before "data: b" and split the data in two.
        await using var events = Reader("data: a\r", "\ndata: b\r", "\n\r", "\n");

        Assert.Equal(["a\nb"], await ReadAllAsync(events));
    }

    [Fact]
    public async Task ReadEventAsync_LinesSplitAcrossReads_AreReassembled()
    {
        var text = "id: 1\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n\ndata: next\n\n";
        await using var events = Reader([.. text.Select(c => c.ToString())]);

        Assert.Equal(["{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", "next"], await ReadAllAsync(events));
    }

    [Fact]
    public async Task ReadEventAsync_SeveralEventsInOneReadOfAStreamHeldOpen_GivesEachWithoutWaitingForMore()
    {
        // A priming event and the answer in one packet, the stream left open (as an upstream may): the answer must come
        // from what was already read.
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("id: 0\ndata:\n\ndata: answer\n\n"));
        await using var events = new SseEventReader(pipe.Reader.AsStream());

        Assert.True(await events.ReadEventAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(events.Data.IsEmpty);
        Assert.True(await events.ReadEventAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("answer", Encoding.UTF8.GetString(events.Data));
        await pipe.Writer.CompleteAsync();
    }

    [Fact]
    public async Task ReadEventAsync_CommentsOtherFieldsAndEventsWithoutData_AreSkipped()
    {
        await using var events = Reader(": keep-alive\n\nid: 3\nretry: 100\n\ndatum: not data\ndata2: nor this\n\ndata: kept\n\n");

        Assert.Equal(["kept"], await ReadAllAsync(events));
    }

    [Fact]
    public async Task ReadEventAsync_PrimingEventWithEmptyData_IsAnEventWithNoData()
    {
        await using var events = Reader("id: 0\ndata:\n\ndata: answer\n\n");

        Assert.Equal(["", "answer"], await ReadAllAsync(events));
    }

    [Fact]
    public async Task ReadEventAsync_StreamEndsInsideAnEvent_DoesNotDispatchIt()
    {
        await using var events = Reader("data: whole\n\ndata: cut off\n");

        Assert.Equal(["whole"], await ReadAllAsync(events));
    }

    [Fact]
    public async Task SkipToEndAsync_AfterAnEvent_ReadsTheRestAndLeavesNothing()
    {
        var stream = new PiecewiseStream(["data: answer\n\n", "data: more\n\n", ": end\n"]);
        await using var events = new SseEventReader(stream);

        Assert.True(await events.ReadEventAsync(CancellationToken.None));
        await events.SkipToEndAsync(CancellationToken.None);

        Assert.True(stream.AtEnd);
        Assert.False(await events.ReadEventAsync(CancellationToken.None));
    }

    [Fact]
    public async Task DisposeAsync_DisposesTheStream()
    {
        var stream = new PiecewiseStream(["data: x\n\n"]);
        var events = new SseEventReader(stream);

        await events.DisposeAsync();

        Assert.True(stream.Disposed);
    }

    private static SseEventReader Reader(params string[] pieces) => new(new PiecewiseStream(pieces));

    private static async Task<List<string>> ReadAllAsync(SseEventReader events)
    {
        var all = new List<string>();
        while (await events.ReadEventAsync(CancellationToken.None))
        {
            all.Add(Encoding.UTF8.GetString(events.Data));
        }

        return all;
    }

    /// <summary>A read-only stream that hands out one piece per read, as packets arrive on a connection.</summary>
    private sealed class PiecewiseStream(IReadOnlyList<string> pieces) : Stream
    {
        private int _next;

        public bool AtEnd => _next == pieces.Count;

        public bool Disposed { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_next == pieces.Count)
            {
                return 0;
            }

            var bytes = Encoding.UTF8.GetBytes(pieces[_next++]);
            if (bytes.Length > buffer.Length)
            {
                throw new InvalidOperationException("a piece larger than the reader's buffer");
            }

            bytes.CopyTo(buffer);
            return bytes.Length;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
