using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Router.Silo.Membership;
using Router.Testing;

namespace Router.Silo.Tests.Membership;

/// <summary>
/// The membership table away for every silo at once (the database restarted), on a real table with a fake clock: when it
/// returns, no silo declares another dead for a silence they shared; one that really died meanwhile is declared dead a
/// death timeout after the table returned.
/// </summary>
public sealed class MembershipOutageTests
{
    private static readonly MembershipOptions Options = new();

    [Fact]
    public async Task TickAsync_TableAwayForEveryonePastDeathTimeout_NobodyDeclaredDeadWhenItReturns()
    {
        await using var cluster = await OutageCluster.StartAsync();
        var a = cluster.Agent("10.0.0.1:11111");
        var b = cluster.Agent("10.0.0.2:11111");
        await a.JoinAsync();
        await b.JoinAsync();

        await cluster.AwayAsync(Options.DeathTimeout * 2, a, b);
        Assert.False(a.IsServing);
        Assert.False(b.IsServing);

        // a is back first: b's row is far past the death timeout, but b was as cut off as a was.
        cluster.Clock.Advance(Options.RenewPeriod);
        var first = await a.TickAsync();
        var second = await b.TickAsync();

        Assert.True(first.Renewed);
        Assert.Empty(first.DeclaredDead);
        Assert.True(second.Renewed);
        Assert.False(second.DeclaredDeadBySomeoneElse);
        Assert.True(a.IsServing);
        Assert.True(b.IsServing);
        Assert.Equal(2, (await cluster.Table.ReadAsync()).Active.Count());
    }

    [Fact]
    public async Task TickAsync_SiloDiedWhileTableWasAway_DeclaredDeadOnceADeathTimeoutPassedSinceItReturned()
    {
        await using var cluster = await OutageCluster.StartAsync();
        var a = cluster.Agent("10.0.0.1:11111");
        var b = cluster.Agent("10.0.0.2:11111");
        await a.JoinAsync();
        await b.JoinAsync();
        await cluster.AwayAsync(Options.DeathTimeout * 2, a, b);

        // b never comes back; a renews every period from the table's return.
        var sinceReturn = TimeSpan.Zero;
        MembershipRound round;
        do
        {
            cluster.Clock.Advance(Options.RenewPeriod);
            sinceReturn += Options.RenewPeriod;
            round = await a.TickAsync();
            Assert.True(round.Renewed);
        }
        while (round.DeclaredDead.Count == 0 && sinceReturn <= Options.DeathTimeout * 2);

        Assert.Equal(b.SiloId, Assert.Single(round.DeclaredDead).SiloId);
        Assert.True(sinceReturn > Options.DeathTimeout, $"declared dead {sinceReturn} after the table returned");
        Assert.Equal(MembershipStatus.Dead, (await cluster.Table.ReadAsync()).Find(b.SiloId!)!.Status);
    }

    /// <summary>Agents on one fake clock and one real table that the test can make unreachable for all of them.</summary>
    private sealed class OutageCluster : IAsyncDisposable
    {
        private readonly SwitchableTable _switchable;

        private OutageCluster(PostgresMembershipTable table)
        {
            Table = table;
            _switchable = new SwitchableTable(table);
        }

        public PostgresMembershipTable Table { get; }

        public FakeTimeProvider Clock { get; } = new();

        public static async Task<OutageCluster> StartAsync()
        {
            var server = await PostgresServer.GetSharedAsync();
            var table = new PostgresMembershipTable(await server.CreateDatabaseAsync("membership_outage"), "test-cluster");
            await table.InitializeAsync();
            return new OutageCluster(table);
        }

        public MembershipAgent Agent(string address) => new(_switchable, address, Options, Clock, NullLogger.Instance);

        /// <summary>Makes the table unreachable while the agents run their rounds for <paramref name="duration"/>, then brings it back.</summary>
        public async Task AwayAsync(TimeSpan duration, params MembershipAgent[] agents)
        {
            _switchable.Away = true;
            for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Options.RenewPeriod)
            {
                Clock.Advance(Options.RenewPeriod);
                var rounds = await Task.WhenAll(agents.Select(agent => agent.TickAsync()));
                Assert.All(rounds, r => Assert.False(r.Renewed));
            }

            _switchable.Away = false;
        }

        public ValueTask DisposeAsync() => Table.DisposeAsync();
    }

    /// <summary>The real table, or (while <see cref="Away"/>) a connection failure on every call, as Npgsql reports one.</summary>
    private sealed class SwitchableTable(IMembershipTable table) : IMembershipTable
    {
        public volatile bool Away;

        public Task InitializeAsync(CancellationToken cancellationToken = default) => Call(() => table.InitializeAsync(cancellationToken));

        public Task<MembershipSnapshot> ReadAsync(CancellationToken cancellationToken = default) => Call(() => table.ReadAsync(cancellationToken));

        public Task<bool> TryInsertAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken = default) =>
            Call(() => table.TryInsertAsync(entry, expectedVersion, cancellationToken));

        public Task<bool> TryUpdateAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken = default) =>
            Call(() => table.TryUpdateAsync(entry, expectedVersion, cancellationToken));

        public Task<bool> RenewAsync(string siloId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            Call(() => table.RenewAsync(siloId, now, cancellationToken));

        private Task<T> Call<T>(Func<Task<T>> operation) =>
            Away ? Task.FromException<T>(new NpgsqlException("Failed to connect to 127.0.0.1:5432")) : operation();

        private Task Call(Func<Task> operation) =>
            Away ? Task.FromException(new NpgsqlException("Failed to connect to 127.0.0.1:5432")) : operation();
    }
}
