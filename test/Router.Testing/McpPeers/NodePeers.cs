namespace Router.Testing.McpPeers;

/// <summary>
/// The repository's npm peers: <c>test/peers</c>, whose <c>package.json</c> and lock file pin real MCP servers and
/// clients, and whose <c>node_modules</c> <c>./test.sh</c> installs.
/// </summary>
public static class NodePeers
{
    private const string InstallHint = "Run ./test.sh at the repository root once: it installs Node.js and the pinned npm packages (npm ci in test/peers).";

    private static readonly Lazy<string> LocatedDirectory = new(Locate);

    /// <summary>The absolute path of <c>test/peers</c>, checked to hold its installed packages.</summary>
    /// <exception cref="DirectoryNotFoundException">The repository or its installed packages are not found.</exception>
    public static string Directory => LocatedDirectory.Value;

    /// <summary>The Node.js program the peers run on: <c>node</c> from <c>PATH</c>, unless <c>ROUTER_NODE</c> names another.</summary>
    public static string NodeExecutable => Environment.GetEnvironmentVariable("ROUTER_NODE") is { Length: > 0 } node ? node : "node";

    /// <summary>The absolute path of a script in <c>test/peers</c>.</summary>
    /// <exception cref="FileNotFoundException">The script does not exist.</exception>
    public static string ScriptPath(string fileName)
    {
        var path = Path.Combine(Directory, fileName);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} does not exist.", path);
    }

    /// <summary>The message for a failure to start Node.js at all.</summary>
    internal static string NodeMissingMessage(string detail) =>
        $"Could not start '{NodeExecutable}' ({detail}). {InstallHint}";

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Router.sln")))
            {
                continue;
            }

            var peers = Path.Combine(dir.FullName, "test", "peers");
            var everything = Path.Combine(peers, "node_modules", "@modelcontextprotocol", "server-everything", "package.json");
            var sdk = Path.Combine(peers, "node_modules", "@modelcontextprotocol", "sdk", "package.json");
            if (!File.Exists(everything) || !File.Exists(sdk))
            {
                throw new DirectoryNotFoundException($"The npm packages of {peers} are not installed (no {everything} or {sdk}). {InstallHint}");
            }

            return peers;
        }

        throw new DirectoryNotFoundException($"Router.sln not found above {AppContext.BaseDirectory}, so test/peers cannot be located.");
    }
}
