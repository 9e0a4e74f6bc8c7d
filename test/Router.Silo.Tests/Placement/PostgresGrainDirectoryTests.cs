using Router.Abstractions.Grains;
using Router.Silo.Placement;
using Router.Testing;

namespace Router.Silo.Tests.Placement;

/// <summary>The grain directory on real PostgreSQL: first writer wins, takeovers name what they replace, dead silos' entries go.</summary>
public sealed class PostgresGrainDirectoryTests
{
    private static readonly GrainId Registry = new("connectionregistry", "weather");

    [Fact]
    public async Task RegisterAsync_ThreeSilosAtOnce_OneWinsAndAllSeeIt()
    {
        await using var directories = await DirectoriesAsync(3);

        var results = await Task.WhenAll(directories.Items.Select((directory, i) =>
            directory.RegisterAsync(new GrainAddress(Registry, $"silo-{i}", $"activation-{i}"))));

        var winner = Assert.Single(results.Distinct());
        Assert.Contains(winner.SiloId, new[] { "silo-0", "silo-1", "silo-2" });
        Assert.Equal(winner, await directories.Items[0].LookupAsync(Registry));
    }

    [Fact]
    public async Task RegisterAsync_TakeOverNamingTheStandingEntry_Replaces()
    {
        await using var directories = await DirectoriesAsync(1);
        var directory = directories.Items[0];
        var dead = await directory.RegisterAsync(new GrainAddress(Registry, "silo-dead", "a1"));

        var taken = await directory.RegisterAsync(new GrainAddress(Registry, "silo-live", "a2"), previous: dead);

        Assert.Equal(new GrainAddress(Registry, "silo-live", "a2"), taken);
        Assert.Equal(taken, await directory.LookupAsync(Registry));
    }

    [Fact]
    public async Task RegisterAsync_TwoTakeOversOfTheSameEntry_OnlyOneReplacesIt()
    {
        await using var directories = await DirectoriesAsync(2);
        var dead = await directories.Items[0].RegisterAsync(new GrainAddress(Registry, "silo-dead", "a1"));

        var results = await Task.WhenAll(
            directories.Items[0].RegisterAsync(new GrainAddress(Registry, "silo-a", "a2"), previous: dead),
            directories.Items[1].RegisterAsync(new GrainAddress(Registry, "silo-b", "a3"), previous: dead));

        var winner = Assert.Single(results.Distinct());
        Assert.NotEqual("silo-dead", winner.SiloId);
    }

    [Fact]
    public async Task RegisterAsync_TakeOverNamingAStaleEntry_KeepsTheStandingOne()
    {
        await using var directories = await DirectoriesAsync(1);
        var directory = directories.Items[0];
        var standing = await directory.RegisterAsync(new GrainAddress(Registry, "silo-a", "a1"));

        var result = await directory.RegisterAsync(new GrainAddress(Registry, "silo-b", "b1"), previous: new GrainAddress(Registry, "silo-old", "x"));

        Assert.Equal(standing, result);
    }

    [Fact]
    public async Task UnregisterAsync_OnlyTheEntryItNames_IsRemoved()
    {
        await using var directories = await DirectoriesAsync(1);
        var directory = directories.Items[0];
        var standing = await directory.RegisterAsync(new GrainAddress(Registry, "silo-a", "a1"));

        await directory.UnregisterAsync(new GrainAddress(Registry, "silo-a", "an-older-activation"));
        Assert.Equal(standing, await directory.LookupAsync(Registry));

        await directory.UnregisterAsync(standing);
        Assert.Null(await directory.LookupAsync(Registry));
    }

    [Fact]
    public async Task UnregisterSiloAsync_DeadSilo_AllItsEntriesGoOthersStay()
    {
        await using var directories = await DirectoriesAsync(1);
        var directory = directories.Items[0];
        for (var i = 0; i < 5; i++)
        {
            await directory.RegisterAsync(new GrainAddress(new GrainId("connectionregistry", $"dead-{i}"), "silo-dead", $"a{i}"));
        }

        var other = await directory.RegisterAsync(new GrainAddress(Registry, "silo-live", "b1"));

        Assert.Equal(5, await directory.UnregisterSiloAsync("silo-dead"));
        Assert.Null(await directory.LookupAsync(new GrainId("connectionregistry", "dead-0")));
        Assert.Equal(other, await directory.LookupAsync(Registry));
    }

    [Fact]
    public async Task LookupAsync_OtherCluster_SeesNothing()
    {
        var server = await PostgresServer.GetSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("directory");
        await using var clusterA = new PostgresGrainDirectory(connectionString, "cluster-a");
        await using var clusterB = new PostgresGrainDirectory(connectionString, "cluster-b");
        await Task.WhenAll(clusterA.InitializeAsync(), clusterB.InitializeAsync());

        await clusterA.RegisterAsync(new GrainAddress(Registry, "silo-a", "a1"));

        Assert.Null(await clusterB.LookupAsync(Registry));
    }

    /// <summary>Directories of one cluster on one fresh database, each with its own connection pool, as separate silos have.</summary>
    private static async Task<Directories> DirectoriesAsync(int count)
    {
        var server = await PostgresServer.GetSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("directory");
        var items = Enumerable.Range(0, count).Select(_ => new PostgresGrainDirectory(connectionString, "test-cluster")).ToList();
        await Task.WhenAll(items.Select(d => d.InitializeAsync()));
        return new Directories(items);
    }

    private sealed class Directories(List<PostgresGrainDirectory> items) : IAsyncDisposable
    {
        public List<PostgresGrainDirectory> Items { get; } = items;

        public async ValueTask DisposeAsync()
        {
            foreach (var item in Items)
            {
                await item.DisposeAsync();
            }
        }
    }
}
