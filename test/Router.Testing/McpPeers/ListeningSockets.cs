using System.Globalization;
using System.Net;

namespace Router.Testing.McpPeers;

/// <summary>
/// The TCP sockets a process listens on, read from Linux's <c>/proc</c>: the socket inodes among the process's
/// open descriptors, matched against the <c>LISTEN</c> rows of <c>/proc/net/tcp</c> and <c>/proc/net/tcp6</c>.
/// </summary>
public static class ListeningSockets
{
    private const string ListenState = "0A";

    /// <summary>The local endpoints process <paramref name="processId"/> listens on.</summary>
    public static IReadOnlyList<IPEndPoint> OfProcess(int processId)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var descriptor in Directory.EnumerateFileSystemEntries($"/proc/{processId}/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(descriptor).LinkTarget;
            }
            catch (IOException)
            {
                // The descriptor was closed between listing and reading it.
                continue;
            }

            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(target["socket:[".Length..^1]);
            }
        }

        var endpoints = new List<IPEndPoint>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length > 9 && columns[3] == ListenState && inodes.Contains(columns[9]))
                {
                    endpoints.Add(ParseEndPoint(columns[1]));
                }
            }
        }

        return endpoints;
    }

    // The kernel prints the address as hex words in host byte order and the port as big-endian hex.
    private static IPEndPoint ParseEndPoint(string hex)
    {
        var parts = hex.Split(':');
        var addressHex = parts[0];
        var bytes = new byte[addressHex.Length / 2];
        for (var word = 0; word < bytes.Length / 4; word++)
        {
            var value = uint.Parse(addressHex.AsSpan(word * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            BitConverter.TryWriteBytes(bytes.AsSpan(word * 4, 4), value);
        }

        var port = int.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return new IPEndPoint(new IPAddress(bytes), port);
    }
}
