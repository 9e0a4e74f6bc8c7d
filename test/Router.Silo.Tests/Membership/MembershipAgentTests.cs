using Microsoft.Extensions.Logging.Abstractions;
using Router.Silo.Membership;
using Router.Testing;

namespace Router.Silo.Tests.Membership;

/// <summary>
/// Membership against a real PostgreSQL table, with time from a fake clock: joining, renewing, declaring a stale silo
/// dead (exactly one winner), self-fencing by the clock, graceful leaving and restarts. (The database going away and
/// coming back is tested through the runtime, in <see cref="SiloMembershipTests"/>.)
/// </summary>
public sealed class MembershipAgentTests
{
    private static readonly MembershipOptions Options = new();

    [Fact]
    public async Task JoinAsync_TwoSilos_BothActiveAndServing()
    {
        await using var cluster = await Cluster.StartAsync();
        var a = cluster.Agent("10.0.0.1:11111");
        var b = cluster.Agent("10.0.0.2:11111");

        await a.JoinAsync();
        cluster.Clock.Advance(TimeSpan.FromMilliseconds(10));
        await b.JoinAsync();

        var view = await cluster.Table.ReadAsync();
        Assert.Equal([a.SiloId, b.SiloId], view.Active.Select(e => e.SiloId).Order(StringComparer.Ordinal));
        Assert.True(a.IsServing);
        Assert.True(b.IsServing);
        Assert.Equal(4, view.Version); // each silo: inserted, then made active
    }

    [Fact]
    public async Task TickAsync_SiloStopsRenewing_DeclaredDeadByExactlyOneOfTheOthers()
    {
        await using var cluster = await Cluster.StartAsync();
        var a = cluster.Agent("10.0.0.1:11111");
        var b = cluster.Agent("10.0.0.2:11111");
        var c = cluster.Agent("10.0.0.3:11111");
        await a.JoinAsync();
        await b.JoinAsync();
        await c.JoinAsync();

        // c goes silent; a and b keep renewing every period until c's row is past the death timeout.
        MembershipRound[] last = [];
        for (var elapsed = TimeSpan.Zero; elapsed <= Options.DeathTimeout; elapsed += Options.RenewPeriod)
        {
            cluster.Clock.Advance(Options.RenewPeriod);
            last = await Task.WhenAll(a.TickAsync(), b.TickAsync());
            if (last.Any(round => round.DeclaredDead.Count > 0))
            {
                break;
            }
        }

        Assert.Equal(1, last.Sum(round => round.DeclaredDead.Count));
        Assert.Equal(c.SiloId, last.SelectMany(round => round.DeclaredDead).Single().SiloId);
        var view = await cluster.Table.ReadAsync();
        Assert.Equal(MembershipStatus.Dead, view.Find(c.SiloId!)!.Status);
        Assert.Equal(2, view.Active.Count());

        // c wakes up: it finds itself dead, stops serving, and comes back only as a new generation.
        var round = await c.TickAsync();
        Assert.True(round.DeclaredDeadBySomeoneElse);
        Assert.False(c.IsServing);
        var oldId = c.SiloId;
        await c.JoinAsync();
        Assert.NotEqual(oldId, c.SiloId);
        Assert.True(c.IsServing);
    }

    [Fact]
    public async Task TickAsync_RowsRenewedInTime_NobodyDeclaredDead()
    {
        await using var cluster = await Cluster.StartAsync();
        var a = cluster.Agent("10.0.0.1:11111");
        var b = cluster.Agent("10.0.0.2:11111");
        await a.JoinAsync();
        await b.JoinAsync();

        for (var i = 0; i < 20; i++)
        {
            cluster.Clock.Advance(Options.RenewPeriod);
            var rounds = await Task.WhenAll(a.TickAsync(), b.TickAsync());
            Assert.All(rounds, r => Assert.True(r.Renewed));
            Assert.All(rounds, r => Assert.Empty(r.DeclaredDead));
        }

        Assert.Equal(2, (await cluster.Table.ReadAsync()).Active.Count());
    }

    [Fact]
    public async Task IsServing_RenewalsStall_FencedBeforeOthersMayDeclareDeath()
    {
        await using var cluster = await Cluster.StartAsync();
        var a = cluster.Agent("10.0.0.1:11111");
        await a.JoinAsync();

        cluster.Clock.Advance(Options.FenceTimeout + TimeSpan.FromMilliseconds(1));

        // Nothing ran: the silo still fences itself, by the clock alone, before the death timeout has passed.
        Assert.False(a.IsServing);
        Assert.True(Options.FenceTimeout < Options.DeathTimeout);
    }

    [Fact]
    public async Task LeaveAsync_GracefulLeave_ShuttingDownDuringHandOverThenDead()
    {
        await using var cluster = await Cluster.StartAsync();
        var a = cluster.Agent("10.0.0.1:11111");
        var b = cluster.Agent("10.0.0.2:11111");
        await a.JoinAsync();
        await b.JoinAsync();
        MembershipStatus? seenDuringHandOver = null;

        await a.LeaveAsync(async _ => seenDuringHandOver = (await cluster.Table.ReadAsync()).Find(a.SiloId!)!.Status);

        Assert.Equal(MembershipStatus.ShuttingDown, seenDuringHandOver);
        Assert.Equal(MembershipStatus.Dead, (await cluster.Table.ReadAsync()).Find(a.SiloId!)!.Status);
        Assert.False(a.IsServing);
        Assert.Equal([b.SiloId], (await cluster.Table.ReadAsync()).Active.Select(e => e.SiloId));
    }

    [Fact]
    public async Task JoinAsync_RestartOnSameAddress_EarlierGenerationMarkedDead()
    {
        await using var cluster = await Cluster.StartAsync();
        var first = cluster.Agent("10.0.0.1:11111");
        await first.JoinAsync();
        cluster.Clock.Advance(TimeSpan.FromSeconds(1));

        // The process was killed and started again: a new agent on the same address, before anyone noticed.
        var restarted = cluster.Agent("10.0.0.1:11111");
        await restarted.JoinAsync();

        var view = await cluster.Table.ReadAsync();
        Assert.Equal(MembershipStatus.Dead, view.Find(first.SiloId!)!.Status);
        var active = Assert.Single(view.Active);
        Assert.Equal(restarted.SiloId, active.SiloId);
        Assert.True(active.Generation > view.Find(first.SiloId!)!.Generation);
    }

    [Fact]
    public async Task JoinAsync_ManySilosAtOnce_AllJoinWithDistinctRows()
    {
        await using var cluster = await Cluster.StartAsync();
        var agents = Enumerable.Range(1, 6).Select(i => cluster.Agent($"10.0.0.{i}:11111")).ToList();

        await Task.WhenAll(agents.Select(agent => agent.JoinAsync()));

        var view = await cluster.Table.ReadAsync();
        Assert.Equal(agents.Select(a => a.SiloId).Order(StringComparer.Ordinal), view.Active.Select(e => e.SiloId).Order(StringComparer.Ordinal));
        Assert.Equal(12, view.Version);
    }

    [Fact]
    public async Task InitializeAsync_SeveralSilosAtOnce_OneTableOneVersionRow()
    {
        var server = await PostgresServer.GetSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("membership");
        var tables = Enumerable.Range(0, 4).Select(_ => new PostgresMembershipTable(connectionString, "cluster-a")).ToList();
        try
        {
            await Task.WhenAll(tables.Select(t => t.InitializeAsync()));

            var view = await tables[0].ReadAsync();
            Assert.Empty(view.Entries);
            Assert.Equal(0, view.Version);
        }
        finally
        {
            foreach (var table in tables)
            {
                await table.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ReadAsync_TwoClustersInOneDatabase_SeeOnlyTheirOwnSilos()
    {
        var server = await PostgresServer.GetSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("membership");
        await using var tableA = new PostgresMembershipTable(connectionString, "cluster-a");
        await using var tableB = new PostgresMembershipTable(connectionString, "cluster-b");
        await tableA.InitializeAsync();
        await tableB.InitializeAsync();
        var clock = new FakeTimeProvider();
        await new MembershipAgent(tableA, "10.0.0.1:11111", Options, clock, NullLogger.Instance).JoinAsync();

        Assert.Single((await tableA.ReadAsync()).Entries);
        Assert.Empty((await tableB.ReadAsync()).Entries);
    }

    /// <summary>A fresh database with an initialized membership table, agents on one fake clock.</summary>
    private sealed class Cluster : IAsyncDisposable
    {
        private Cluster(PostgresMembershipTable table)
        {
            Table = table;
        }

        public PostgresMembershipTable Table { get; }

        public FakeTimeProvider Clock { get; } = new();

        public static async Task<Cluster> StartAsync()
        {
            var server = await PostgresServer.GetSharedAsync();
            var table = new PostgresMembershipTable(await server.CreateDatabaseAsync("membership"), "test-cluster");
            await table.InitializeAsync();
            return new Cluster(table);
        }

        /// <summary>An agent on the shared table: each operation takes its own pooled connection, so agents race for real.</summary>
        public MembershipAgent Agent(string address) =>
            new(Table, address, Options, Clock, NullLogger.Instance);

        public ValueTask DisposeAsync() => Table.DisposeAsync();
    }
}
