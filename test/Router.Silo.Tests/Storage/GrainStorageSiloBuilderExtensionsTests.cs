using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Router.Abstractions.Grains;
using Router.Silo.Hosting;
using Router.Silo.Storage;
using Router.Testing;

namespace Router.Silo.Tests.Storage;

public sealed class GrainStorageSiloBuilderExtensionsTests
{
    [Fact]
    public async Task AddMemoryGrainStorage_DefaultName_RegistersKeyedStorageAndRegistration()
    {
        var builder = new TestSiloBuilder();

        var returned = builder.AddMemoryGrainStorage();

        Assert.Same(builder, returned);
        await using var provider = builder.Services.BuildServiceProvider();
        var registration = Assert.Single(provider.GetServices<GrainStorageRegistration>());
        Assert.Equal("Default", registration.Name);
        Assert.IsType<MemoryGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>("Default"));
        Assert.Same(provider.GetRequiredKeyedService<IGrainStorage>("Default"), provider.GetRequiredKeyedService<IGrainStorage>("Default"));
    }

    [Fact]
    public void AddMemoryGrainStorage_NameAlreadyRegistered_Throws()
    {
        var builder = new TestSiloBuilder();
        builder.AddMemoryGrainStorage("Default");

        var exception = Assert.Throws<InvalidOperationException>(
            () => builder.AddSqliteGrainStorage("Default", o => o.ConnectionString = "Data Source=x.db"));

        Assert.Contains("'Default'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSqliteGrainStorage_NoConnectionString_ResolutionFailsNamingTheSetting()
    {
        var builder = new TestSiloBuilder();
        builder.AddSqliteGrainStorage("Local", _ => { });
        await using var provider = builder.Services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<IGrainStorage>("Local"));

        Assert.Contains("SqliteGrainStorageOptions.ConnectionString", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'Local'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPostgresGrainStorage_NoConnectionString_StartupValidationFailsNamingTheSetting()
    {
        var builder = new TestSiloBuilder();
        builder.AddPostgresGrainStorage("Cluster", _ => { });
        await using var provider = builder.Services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("PostgresGrainStorageOptions.ConnectionString", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPostgresGrainStorage_InvalidTableName_ResolutionFailsNamingTheSetting()
    {
        var builder = new TestSiloBuilder();
        builder.AddPostgresGrainStorage("Cluster", o =>
        {
            o.ConnectionString = "Host=127.0.0.1";
            o.TableName = "state; DROP TABLE users";
        });
        await using var provider = builder.Services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<IGrainStorage>("Cluster"));

        Assert.Contains("PostgresGrainStorageOptions.TableName", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSqliteGrainStorage_Configured_ResolvesWorkingStorage()
    {
        var directory = Path.Combine(Path.GetTempPath(), "router-sqlite-" + Guid.NewGuid().ToString("N"));
        try
        {
            var builder = new TestSiloBuilder();
            builder.AddSqliteGrainStorage("Local", o => o.ConnectionString = $"Data Source={Path.Combine(directory, "state.db")}");
            await using (var provider = builder.Services.BuildServiceProvider())
            {
                provider.GetRequiredService<IStartupValidator>().Validate();
                var storage = provider.GetRequiredKeyedService<IGrainStorage>(Assert.Single(provider.GetServices<GrainStorageRegistration>()).Name);
                await storage.InitializeAsync();

                var etag = await storage.WriteAsync(new GrainId("counter", "alpha"), "state", "{}"u8.ToArray(), expectedEtag: null);

                Assert.Equal(etag, (await storage.ReadAsync(new GrainId("counter", "alpha"), "state"))?.Etag);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task AddPostgresGrainStorage_Configured_StorageDisposedWithProvider()
    {
        var connectionString = await (await PostgresServer.GetSharedAsync()).CreateDatabaseAsync("registration");
        var builder = new TestSiloBuilder();
        builder.AddMemoryGrainStorage().AddPostgresGrainStorage("Cluster", o => o.ConnectionString = connectionString);
        IGrainStorage storage;
        await using (var provider = builder.Services.BuildServiceProvider())
        {
            Assert.Equal(["Default", "Cluster"], provider.GetServices<GrainStorageRegistration>().Select(r => r.Name));
            storage = provider.GetRequiredKeyedService<IGrainStorage>("Cluster");
            await storage.InitializeAsync();
            await storage.CheckHealthAsync();
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(() => storage.CheckHealthAsync());
    }

    private sealed class TestSiloBuilder : ISiloBuilder
    {
        public IServiceCollection Services { get; } = new ServiceCollection();
    }
}
