using System.Net;
using System.Net.Sockets;
using Router.Silo.Membership;

namespace Router.Silo.Tests.Membership;

/// <summary>The membership table against a database that has gone silent (packets dropped, nothing refused).</summary>
public sealed class PostgresMembershipTableTests
{
    /// <summary>
    /// A liveness bound on a silent database, not a timing measurement. A read tries twice (it retries once on a
    /// transient failure): 2 × the table's 5 s bound stays well under it, 2 × Npgsql's default 15 s connect timeout well
    /// over it.
    /// </summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ReadAsync_DatabaseSilent_FailsWithinBoundInsteadOfWaitingOnNpgsqlDefaults()
    {
        // A server that accepts connections and never says a word: what a dropped network looks like to a client.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    accepted.Add(await silent.AcceptSocketAsync(stop.Token));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var table = new PostgresMembershipTable($"Host=127.0.0.1;Port={port};Username=router;Password=x;Database=router", "silent");

        var read = table.ReadAsync();
        var finished = await Task.WhenAny(read, Task.Delay(Bound));

        Assert.Same(read, finished);
        await Assert.ThrowsAnyAsync<Exception>(() => read);
        await stop.CancelAsync();
        await accepting;
        foreach (var socket in accepted)
        {
            socket.Dispose();
        }
    }
}
