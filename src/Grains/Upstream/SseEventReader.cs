using System.Buffers;
using System.IO.Pipelines;

namespace Router.Grains.Upstream;

/// <summary>
/// Reads the events of a <c>text/event-stream</c> body as UTF-8 bytes, in pooled buffers: the data of each event with
/// data, its lines joined by a line feed, as the HTML standard's event stream parsing defines it. Fields other than
/// <c>data</c> (<c>id</c>, <c>event</c>, <c>retry</c>) and comments are skipped; lines may end in CR LF, LF or CR. A
/// routed call reads its answer this way without decoding the stream to strings and back.
/// </summary>
internal sealed class SseEventReader : IAsyncDisposable
{
    private static ReadOnlySpan<byte> LineEnds => "\r\n"u8;

    private static ReadOnlySpan<byte> DataField => "data"u8;

    private readonly PipeReader _reader;
    private readonly ArrayBufferWriter<byte> _data = new(512);

    /// <summary>The last line ended in CR at the end of a read; a line feed starting the next read belongs to it.</summary>
    private bool _afterCarriageReturn;

    /// <summary>Takes <paramref name="stream"/> over: disposing the reader disposes it.</summary>
    public SseEventReader(Stream stream) =>
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: false));

    /// <summary>The data of the event <see cref="ReadEventAsync"/> last returned true for; valid until the next read.</summary>
    public ReadOnlySpan<byte> Data => _data.WrittenCount == 0 ? default : _data.WrittenSpan[..^1];

    /// <summary>
    /// Reads up to the end of the next event that carries data (<see cref="Data"/>); false at the end of the stream. An
    /// event the stream ends in the middle of is not dispatched.
    /// </summary>
    public async ValueTask<bool> ReadEventAsync(CancellationToken cancellationToken)
    {
        _data.ResetWrittenCount();
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryReadEvent(ref buffer))
            {
                // Only what was consumed: more whole events may be buffered already, and the next read must see them
                // without waiting for more bytes, which a stream held open would never send.
                _reader.AdvanceTo(buffer.Start);
                return true;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);

            if (result.IsCompleted || result.IsCanceled)
            {
                return false;
            }
        }
    }

    /// <summary>Reads and drops the rest of the stream, up to its end.</summary>
    public async Task SkipToEndAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            _reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    public ValueTask DisposeAsync() => _reader.CompleteAsync();

    /// <summary>
    /// Consumes whole lines of <paramref name="buffer"/>, collecting data, until a blank line ends an event with data
    /// (true) or no whole line is left (false); <paramref name="buffer"/> is left at what was not consumed.
    /// </summary>
    private bool TryReadEvent(ref ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (_afterCarriageReturn && reader.TryPeek(out var first))
        {
            _afterCarriageReturn = false;
            if (first == (byte)'\n')
            {
                reader.Advance(1);
            }
        }

        var dispatched = false;
        while (!dispatched && reader.TryReadToAny(out ReadOnlySequence<byte> line, LineEnds, advancePastDelimiter: false))
        {
            reader.TryRead(out var end);
            if (end == (byte)'\r')
            {
                if (!reader.TryPeek(out var next))
                {
                    _afterCarriageReturn = true;
                }
                else if (next == (byte)'\n')
                {
                    reader.Advance(1);
                }
            }

            dispatched = ReadLine(line);
        }

        buffer = buffer.Slice(reader.Position);
        return dispatched;
    }

    /// <summary>Takes one line in; true when it is the blank line that ends an event with data.</summary>
    private bool ReadLine(ReadOnlySequence<byte> line)
    {
        if (line.IsEmpty)
        {
            return _data.WrittenCount > 0;
        }

        var reader = new SequenceReader<byte>(line);
        if (!reader.IsNext(DataField, advancePast: true))
        {
            return false;
        }

        if (!reader.End)
        {
            // "data" must be the whole field name: "data:" or the line "data" alone; "datum: x" is another field.
            if (!reader.IsNext((byte)':', advancePast: true))
            {
                return false;
            }

            reader.IsNext((byte)' ', advancePast: true);
        }

        var value = reader.UnreadSequence;
        var length = checked((int)value.Length);
        value.CopyTo(_data.GetSpan(length + 1));
        _data.Advance(length);
        _data.GetSpan(1)[0] = (byte)'\n';
        _data.Advance(1);
        return false;
    }
}
