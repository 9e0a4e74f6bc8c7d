using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Router.Gateway.Options;
using Router.Gateway.Tests.Infrastructure;
using Router.Silo.Hosting;
using Router.Silo.Storage;

namespace Router.Gateway.Tests.Options;

public sealed class RouterOptionsBindingTests
{
    [Fact]
    public async Task Build_WithoutRouterSettings_UsesDocumentedDefaults()
    {
        await using var app = TestNode.Build();

        var options = app.Services.GetRequiredService<IOptions<RouterOptions>>().Value;

        Assert.Equal("data", options.DataDirectory);
        Assert.Equal("sqlite", options.Storage.Provider);
        Assert.Null(options.Storage.ConnectionString);
        Assert.True(options.InlineRequestScheduling);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    [InlineData("true", true)]
    public async Task Build_InlineRequestScheduling_SetsKestrelSocketsInlineScheduling(string? setting, bool expected)
    {
        await using var app = setting is null ? TestNode.Build() : TestNode.Build($"Router:InlineRequestScheduling={setting}");

        var sockets = app.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;

        Assert.Equal(expected, sockets.UnsafePreferInlineScheduling);
    }

    [Fact]
    public async Task Build_WithoutStorageSettings_PutsSqliteDatabaseUnderWorkingDirectoryData()
    {
        await using var app = TestNode.Build();

        var sqlite = app.Services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get("Default");

        var expected = Path.Combine(Environment.CurrentDirectory, "data", "router.db");
        Assert.Equal($"Data Source={expected}", sqlite.ConnectionString);
    }

    [Fact]
    public async Task Build_WithSiloSettings_BindsSiloOptionsFromRouterSilo()
    {
        await using var app = TestNode.Build("Router:Storage:Provider=memory", "Router:Silo:MaxActivations=5", "Router:Silo:CollectionAge=00:02:00");

        var options = app.Services.GetRequiredService<IOptions<SiloOptions>>().Value;

        Assert.Equal(5, options.MaxActivations);
        Assert.Equal(TimeSpan.FromMinutes(2), options.CollectionAge);
    }
}
