namespace Router.Registrar;

/// <summary>The registrar's usage text.</summary>
internal static class RegistrarUsage
{
    public const string Text = """
        Usage: router-registrar --router <url> --mcp-id <id> --version <v> --endpoint <url> [options]

        Registers an MCP server (written in any language) with MCP Router, keeps the registration alive and
        deregisters it when stopped with SIGTERM or SIGINT (Ctrl+C).

        Required:
          --router <url>                 the router's base URL, e.g. http://127.0.0.1:8080
          --mcp-id <id>                  the server id: ^[a-z0-9][a-z0-9._-]{0,127}$
          --version <v>                  the server version: 1-64 characters of A-Z a-z 0-9 . _ + -
          --endpoint <url>               the absolute http(s) URL of the server's MCP endpoint

        Options:
          --transport <t>                streamable-http (default) or sse
          --lease <mode>                 heartbeat (default) or connection
          --interval <seconds>           heartbeat interval, 1-300 (default 10)
          --instance-id <id>             this replica's instance id (default: the router generates one)
          --api-key <key>                API key with the register scope (default: environment variable ROUTER_API_KEY)
          --metadata <k=v> [<k=v> ...]   metadata entries; may be repeated
          --tools-file <path>            JSON file with the advertised tools: [{"name", "description", "inputSchema"}]
                                         or {"tools": [...]}
          -h, --help                     show this text

        Exit codes: 0 stopped normally, 1 failed, 2 bad arguments.
        """;
}
