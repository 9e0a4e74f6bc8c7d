using Router.Samples.WeatherServer;

// A sample MCP server: Streamable HTTP at /mcp with two tools, registered with MCP Router through Router.Client.
//   dotnet run --project samples/WeatherServer -- --McpRouter:RouterUrl=http://127.0.0.1:8080
WeatherServerApplication.Build(args).Run();
