using System.Text;

namespace Router.Gateway.Tests.Infrastructure;

/// <summary>
/// Parses Server-Sent Events frames from a response stream, line by line, as the SSE specification does: fields until a
/// blank line; <c>:</c> starts a comment. A frame cut off by the end of the stream is discarded, and a broken
/// connection reads as the end.
/// </summary>
internal sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);

    /// <summary>The next complete frame (comments only when <paramref name="includeComments"/>), or null at the end of the stream.</summary>
    public async Task<SseFrame?> ReadAsync(bool includeComments, CancellationToken cancellationToken)
    {
        string? id = null;
        string? name = null;
        var data = new StringBuilder();
        var started = false;
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException or ObjectDisposedException)
            {
                return null;
            }

            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (started)
                {
                    return new SseFrame(id, name ?? "message", data.ToString());
                }

                continue;
            }

            if (line[0] == ':')
            {
                if (includeComments && !started)
                {
                    // The blank line that ends the comment's frame is skipped by the next read.
                    return new SseFrame(null, "", "", line[1..].Trim());
                }

                continue;
            }

            started = true;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    name = value;
                    break;
                case "data":
                    if (data.Length > 0)
                    {
                        data.Append('\n');
                    }

                    data.Append(value);
                    break;
            }
        }
    }

    public void Dispose() => _reader.Dispose();
}
