using System.Text;
using System.Text.Json;

namespace Router.Client.Http;

/// <summary>
/// An open connection lease: the <c>text/event-stream</c> response of <c>GET …/lease</c>, read line by line. Disposing
/// it closes the connection, which the router treats as the server going away.
/// </summary>
internal sealed class LeaseConnection : IDisposable
{
    private const string LeaseEventName = "lease";

    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly StringBuilder _data = new();
    private string? _eventName;

    public LeaseConnection(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    /// <summary>Reads until the next line that means something: the grant, any other sign of life, or the end.</summary>
    public async Task<LeaseSignal> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                return new LeaseSignal(LeaseSignalKind.End);
            }

            if (line.Length == 0)
            {
                return Dispatch() is { } grant
                    ? new LeaseSignal(LeaseSignalKind.Granted, grant)
                    : new LeaseSignal(LeaseSignalKind.Activity);
            }

            if (line[0] == ':')
            {
                return new LeaseSignal(LeaseSignalKind.Activity);
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "event":
                    _eventName = value;
                    break;
                case "data":
                    if (_data.Length > 0)
                    {
                        _data.Append('\n');
                    }

                    _data.Append(value);
                    break;
            }
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }

    /// <summary>Ends the current event (a blank line); returns the grant when it was the <c>lease</c> event.</summary>
    private LeaseGrant? Dispatch()
    {
        var name = _eventName;
        var data = _data.ToString();
        _eventName = null;
        _data.Clear();
        if (!string.Equals(name, LeaseEventName, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(data, ClientJsonContext.Default.LeaseGrant) ?? new LeaseGrant(null, 0);
        }
        catch (JsonException)
        {
            // The grant's data only tunes the keep-alive timeout; the event itself is what matters.
            return new LeaseGrant(null, 0);
        }
    }
}
