using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Router.Silo.Hosting;
using Router.Silo.Storage;
using Router.Silo.Streams;

namespace Router.Silo.Tests.Streams;

public sealed class EventLogSiloBuilderExtensionsTests
{
    [Fact]
    public async Task AddMemoryGrainStorage_Named_RegistersTheStorageAsTheKeyedEventLog()
    {
        var builder = new TestSiloBuilder();

        builder.AddMemoryGrainStorage("Local");

        await using var provider = builder.Services.BuildServiceProvider();
        Assert.Same(provider.GetRequiredKeyedService<IGrainStorage>("Local"), provider.GetRequiredKeyedService<IEventLog>("Local"));
    }

    [Fact]
    public async Task AddGrainStorage_TwoProviders_RegistersOneTrimmer()
    {
        var builder = new TestSiloBuilder();

        builder.AddMemoryGrainStorage().AddSqliteGrainStorage("Local", o => o.ConnectionString = "Data Source=unused.db").AddEventLogRetention();

        await using var provider = builder.Services.BuildServiceProvider();
        var trimmer = Assert.Single(provider.GetServices<IHostedService>().OfType<EventLogTrimmer>());
        Assert.Same(provider.GetRequiredService<EventLogTrimmer>(), trimmer);
    }

    [Fact]
    public async Task AddEventLogRetention_NoConfiguration_UsesTheDocumentedDefaults()
    {
        var builder = new TestSiloBuilder();
        builder.AddMemoryGrainStorage();
        await using var provider = builder.Services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<EventLogOptions>>().Value;

        Assert.Equal(TimeSpan.FromHours(24), options.Retention);
        Assert.Equal(1_000_000, options.MaxEvents);
        Assert.Equal(TimeSpan.FromMinutes(1), options.TrimInterval);
    }

    [Fact]
    public async Task AddEventLogRetention_ConfigurationSection_IsBound()
    {
        var builder = new TestSiloBuilder();
        builder.Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Router:Events:Retention"] = "02:00:00",
            ["Router:Events:MaxEvents"] = "500",
            ["Router:Events:TrimInterval"] = "00:00:30",
        }).Build());
        builder.AddMemoryGrainStorage();
        await using var provider = builder.Services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<EventLogOptions>>().Value;

        Assert.Equal(TimeSpan.FromHours(2), options.Retention);
        Assert.Equal(500, options.MaxEvents);
        Assert.Equal(TimeSpan.FromSeconds(30), options.TrimInterval);
    }

    [Theory]
    [InlineData("Retention", "00:00:00")]
    [InlineData("MaxEvents", "0")]
    [InlineData("TrimInterval", "-00:00:01")]
    public async Task AddEventLogRetention_InvalidSetting_StartupValidationNamesIt(string setting, string value)
    {
        var builder = new TestSiloBuilder();
        builder.Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"Router:Events:{setting}"] = value,
        }).Build());
        builder.AddMemoryGrainStorage();
        await using var provider = builder.Services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains($"Router:Events:{setting}", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Events; DROP TABLE x", "EventTableName")]
    [InlineData("router_grain_state", "EventTableName")]
    [InlineData("a_name_that_leaves_no_room_for_the_counter_suffix_xxxxxx", "EventTableName")]
    public async Task AddPostgresGrainStorage_InvalidEventTableName_ResolutionFailsNamingTheSetting(string eventTableName, string setting)
    {
        var builder = new TestSiloBuilder();
        builder.AddPostgresGrainStorage("Cluster", o =>
        {
            o.ConnectionString = "Host=127.0.0.1";
            o.EventTableName = eventTableName;
        });
        await using var provider = builder.Services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<IEventLog>("Cluster"));

        Assert.Contains($"PostgresGrainStorageOptions.{setting}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPostgresGrainStorage_NonPositivePollInterval_ResolutionFailsNamingTheSetting()
    {
        var builder = new TestSiloBuilder();
        builder.AddPostgresGrainStorage("Cluster", o =>
        {
            o.ConnectionString = "Host=127.0.0.1";
            o.EventPollInterval = TimeSpan.Zero;
        });
        await using var provider = builder.Services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<IGrainStorage>("Cluster"));

        Assert.Contains("PostgresGrainStorageOptions.EventPollInterval", exception.Message, StringComparison.Ordinal);
    }

    private sealed class TestSiloBuilder : ISiloBuilder
    {
        public IServiceCollection Services { get; } = new ServiceCollection();
    }
}
