using System.Text.Json;
using Router.Abstractions.Events;
using Router.Abstractions.Registry;
using Router.Grains.Registry;
using Router.Silo.Hosting;
using Router.Silo.Storage;
using Router.Testing;

namespace Router.Grains.Tests.Registry;

/// <summary>Starts silos hosting the router's grains, and reads what they published.</summary>
internal static class RegistrySilo
{
    public static Task<SiloHarness> StartAsync(FakeTimeProvider? time = null, string? sqliteFile = null) =>
        SiloHarness.StartAsync(
            silo =>
            {
                silo.AddGrains(typeof(ConnectionRegistryGrain).Assembly)
                    .AddSerializerContext(RegistryJsonContext.Default)
                    .AddSerializerContext(GrainsJsonContext.Default);
                if (sqliteFile is null)
                {
                    silo.AddMemoryGrainStorage();
                }
                else
                {
                    silo.AddSqliteGrainStorage("Default", o => o.ConnectionString = $"Data Source={sqliteFile}");
                }
            },
            time);

    public static InstanceRegistration Registration(
        string instanceId = "i1",
        string version = "1.0.0",
        string endpoint = "http://127.0.0.1:9001/mcp",
        int interval = 10,
        params ToolDescriptor[] tools) =>
        new(instanceId, version, endpoint, McpTransport.StreamableHttp, interval, new Dictionary<string, string>(), tools);

    public static async Task<IReadOnlyList<LoggedEvent>> EventsAsync(this SiloHarness silo) =>
        await silo.EventLog.ReadAsync(0, 10_000);

    public static async Task<IReadOnlyList<string>> EventTypesAsync(this SiloHarness silo) =>
        (await silo.EventsAsync()).Select(e => e.Type).ToList();

    public static InstanceView View(this LoggedEvent logged) =>
        JsonSerializer.Deserialize(logged.Data, RegistryJsonContext.Default.InstanceView)!;
}
