using Router.McpFixture;

// A small real MCP server for tests and benchmarks: Streamable HTTP at /mcp on loopback, with echo, add and slow
// tools, a greeting prompt and a fixture://readme resource.
//   dotnet Router.McpFixture.dll [--urls http://127.0.0.1:0]
// Once listening it writes one line per bound address, "listening on http://127.0.0.1:NNNNN", for a parent process.
var app = McpFixtureApplication.Build(args);
await app.StartAsync();
foreach (var address in app.Urls)
{
    await Console.Out.WriteLineAsync($"{McpFixtureApplication.ListeningPrefix}{address}");
}

await app.WaitForShutdownAsync();
