using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Router.Testing;

/// <summary>
/// A throwaway PostgreSQL server for tests: a fresh cluster in a temporary directory, listening on a free
/// loopback port, with trust authentication for the superuser <c>router</c>. Tests share one server per process
/// (<see cref="GetSharedAsync"/>) and take a fresh database each (<see cref="CreateDatabaseAsync"/>); tests that stop
/// and restart PostgreSQL start their own (<see cref="StartNewAsync"/>).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string ServiceUser = "postgres";
    private const string SuperUser = "router";
    private const string OwnerFileName = "owner.pid";
    private const string DirectoryPrefix = "router-pg-";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(() => StartCoreAsync(isShared: true, CancellationToken.None));

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _binDirectory;
    private readonly bool _runAsServiceUser;
    private readonly bool _isShared;
    private readonly EventHandler _onProcessExit;
    private bool _running;
    private bool _disposed;

    private PostgresServer(string binDirectory, bool runAsServiceUser, string rootDirectory, int port, bool isShared)
    {
        _binDirectory = binDirectory;
        _runAsServiceUser = runAsServiceUser;
        _isShared = isShared;
        RootDirectory = rootDirectory;
        Port = port;
        AdminConnectionString = ConnectionStringFor("postgres");
        _onProcessExit = (_, _) => StopAndDeleteOnExit();
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
    }

    /// <summary>The directory holding the cluster (<c>data</c>), its log and its Unix socket.</summary>
    public string RootDirectory { get; }

    /// <summary>The cluster's data directory; it survives <see cref="StopAsync"/> and <see cref="StartAsync"/>.</summary>
    public string DataDirectory => Path.Combine(RootDirectory, "data");

    /// <summary>The server's log file.</summary>
    public string LogFile => Path.Combine(RootDirectory, "postgres.log");

    /// <summary>The loopback port the server listens on; the same across restarts.</summary>
    public int Port { get; }

    /// <summary>A connection string to the <c>postgres</c> database as the superuser.</summary>
    public string AdminConnectionString { get; }

    /// <summary>How long the last start took (cluster creation included for the first).</summary>
    public TimeSpan LastStartDuration { get; private set; }

    /// <summary>
    /// The server shared by every test in this process, started on first use and stopped (its directory deleted)
    /// when the process exits. Disposing it does nothing.
    /// </summary>
    public static Task<PostgresServer> GetSharedAsync() => Shared.Value;

    /// <summary>Starts a server of the caller's own; dispose it to stop it and delete its directory.</summary>
    public static Task<PostgresServer> StartNewAsync(CancellationToken cancellationToken = default) =>
        StartCoreAsync(isShared: false, cancellationToken);

    /// <summary>Creates a fresh, uniquely named database and returns a connection string to it.</summary>
    /// <param name="prefix">The start of the database name (lower-cased, reduced to letters, digits and underscores).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<string> CreateDatabaseAsync(string? prefix = null, CancellationToken cancellationToken = default)
    {
        // At most 30 + 1 + 32 characters: PostgreSQL truncates identifiers past 63.
        var name = $"{Sanitize(prefix ?? "test")}_{Guid.NewGuid():N}";
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false }.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return ConnectionStringFor(name);
    }

    /// <summary>Stops the server (fast shutdown), keeping its data directory and port.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_running)
            {
                await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], cancellationToken).ConfigureAwait(false);
                _running = false;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Starts the server again on the same data directory and port.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_running)
            {
                var stopwatch = Stopwatch.StartNew();
                await PgCtlStartAsync(cancellationToken).ConfigureAwait(false);
                LastStartDuration = stopwatch.Elapsed;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the server and deletes its directory; a no-op for the shared server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_isShared)
        {
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
            if (_running)
            {
                // The data is deleted next, so skip the shutdown checkpoint (it takes a second once tests have
                // created a few dozen databases, and the test host may not wait that long at exit).
                await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "60", "stop"], CancellationToken.None).ConfigureAwait(false);
                _running = false;
            }

            DeleteDirectory(RootDirectory);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<PostgresServer> StartCoreAsync(bool isShared, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The test PostgreSQL server runs on Linux and macOS only.");
        }

        var stopwatch = Stopwatch.StartNew();
        var binDirectory = FindBinDirectory();
        var runAsServiceUser = IsRoot();
        if (runAsServiceUser && !ServiceUserExists())
        {
            throw new InvalidOperationException(
                $"PostgreSQL refuses to run as root and there is no '{ServiceUser}' system user to run it as. " +
                "Install PostgreSQL with 'apt-get install postgresql' (which creates the user) or run the tests as a non-root user.");
        }

        RemoveOrphans(binDirectory, runAsServiceUser);
        var root = Path.Combine(Path.GetTempPath(), DirectoryPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await File.WriteAllTextAsync(Path.Combine(root, OwnerFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);

        PostgresServer? server = null;
        try
        {
            if (runAsServiceUser)
            {
                await RunProcessAsync("chown", ["-R", $"{ServiceUser}:", root], cancellationToken).ConfigureAwait(false);
            }

            server = new PostgresServer(binDirectory, runAsServiceUser, root, FreeLoopbackPort(), isShared);
            await server.RunAsync("initdb", ["-D", server.DataDirectory, "-U", SuperUser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], cancellationToken).ConfigureAwait(false);
            await server.PgCtlStartAsync(cancellationToken).ConfigureAwait(false);
            server.LastStartDuration = stopwatch.Elapsed;
            return server;
        }
        catch
        {
            if (server is not null)
            {
                AppDomain.CurrentDomain.ProcessExit -= server._onProcessExit;
            }

            DeleteDirectory(root);
            throw;
        }
    }

    private async Task PgCtlStartAsync(CancellationToken cancellationToken)
    {
        var serverOptions = string.Join(' ', [
            "-p", Port.ToString(CultureInfo.InvariantCulture),
            "-k", RootDirectory,
            "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=off",
            "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off",
            "-c", "max_connections=200"]);
        try
        {
            await RunAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", serverOptions, "start"], cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException exception)
        {
            throw new InvalidOperationException($"{exception.Message}{Environment.NewLine}Server log ({LogFile}):{Environment.NewLine}{ReadLogTail()}", exception);
        }

        _running = true;
    }

    private string ReadLogTail()
    {
        try
        {
            var text = File.ReadAllText(LogFile);
            return text.Length <= 4000 ? text : text[^4000..];
        }
        catch (IOException exception)
        {
            return $"(unreadable: {exception.Message})";
        }
    }

    private string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Database = database,
        Pooling = true,
        IncludeErrorDetail = true,
    }.ConnectionString;

    private Task<string> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunProcessAsync(CommandFor(tool, arguments), cancellationToken);

    private (string FileName, List<string> Arguments) CommandFor(string tool, IReadOnlyList<string> arguments)
    {
        var binary = Path.Combine(_binDirectory, tool);
        return _runAsServiceUser
            ? ("runuser", ["-u", ServiceUser, "--", binary, .. arguments])
            : (binary, [.. arguments]);
    }

    private void StopAndDeleteOnExit()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_running)
        {
            var (fileName, arguments) = CommandFor("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "10", "stop"]);
            using var process = Process.Start(CreateStartInfo(fileName, arguments));
            if (process is not null)
            {
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                process.WaitForExit(TimeSpan.FromSeconds(15));
            }
        }

        DeleteDirectory(RootDirectory);
    }

    private static Task<string> RunProcessAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunProcessAsync((fileName, [.. arguments]), cancellationToken);

    private static async Task<string> RunProcessAsync((string FileName, List<string> Arguments) command, CancellationToken cancellationToken)
    {
        var startInfo = CreateStartInfo(command.FileName, command.Arguments);
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start '{Describe(startInfo)}'.");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout.ConfigureAwait(false);
        var error = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{Describe(startInfo)}' exited with code {process.ExitCode}.{Environment.NewLine}" +
                $"stdout:{Environment.NewLine}{output}{Environment.NewLine}stderr:{Environment.NewLine}{error}");
        }

        return output;
    }

    private static ProcessStartInfo CreateStartInfo(string fileName, List<string> arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,

            // The service user must be able to enter the working directory (the test's may be under /root).
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["LC_ALL"] = "C";
        return startInfo;
    }

    private static string Describe(ProcessStartInfo startInfo)
    {
        var builder = new StringBuilder(startInfo.FileName);
        foreach (var argument in startInfo.ArgumentList)
        {
            builder.Append(' ').Append(argument.Contains(' ', StringComparison.Ordinal) ? $"\"{argument}\"" : argument);
        }

        return builder.ToString();
    }

    private static string FindBinDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("ROUTER_PG_BIN");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return HasInitdb(fromEnvironment)
                ? fromEnvironment
                : throw new InvalidOperationException($"ROUTER_PG_BIN is '{fromEnvironment}', but that directory has no initdb.");
        }

        const string Installed = "/usr/lib/postgresql";
        if (Directory.Exists(Installed))
        {
            var newest = Directory.EnumerateDirectories(Installed)
                .Select(d => (Path: Path.Combine(d, "bin"), Version: decimal.TryParse(Path.GetFileName(d), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(c => HasInitdb(c.Path))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Path)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        var fromPgConfig = PgConfigBinDirectory();
        if (fromPgConfig is not null && HasInitdb(fromPgConfig))
        {
            return fromPgConfig;
        }

        throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found: not in ROUTER_PG_BIN, /usr/lib/postgresql/*/bin " +
            "or 'pg_config --bindir'. Run the tests with the command in the README (it installs PostgreSQL), or " +
            "install it with 'apt-get install postgresql', or point ROUTER_PG_BIN at its bin directory.");
    }

    private static bool HasInitdb(string directory) => File.Exists(Path.Combine(directory, "initdb"));

    private static string? PgConfigBinDirectory()
    {
        try
        {
            using var process = Process.Start(CreateStartInfo("pg_config", ["--bindir"]));
            if (process is null)
            {
                return null;
            }

            process.BeginErrorReadLine();
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static bool IsRoot() => Environment.UserName == "root";

    private static bool ServiceUserExists() =>
        File.Exists("/etc/passwd")
        && File.ReadLines("/etc/passwd").Any(line => line.StartsWith(ServiceUser + ":", StringComparison.Ordinal));

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>
    /// Stops and deletes the servers of test processes that died without cleaning up (killed by a timeout or
    /// Ctrl+C), so they do not pile up. Only directories whose owner file names a process that no longer exists
    /// are touched.
    /// </summary>
    private static void RemoveOrphans(string binDirectory, bool runAsServiceUser)
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            try
            {
                var ownerFile = Path.Combine(directory, OwnerFileName);
                if (!File.Exists(ownerFile)
                    || !int.TryParse(File.ReadAllText(ownerFile), NumberStyles.None, CultureInfo.InvariantCulture, out var owner)
                    || ProcessExists(owner))
                {
                    continue;
                }

                var dataDirectory = Path.Combine(directory, "data");
                if (File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
                {
                    var binary = Path.Combine(binDirectory, "pg_ctl");
                    List<string> stop = ["-D", dataDirectory, "-m", "immediate", "-w", "-t", "10", "stop"];
                    using var process = Process.Start(runAsServiceUser
                        ? CreateStartInfo("runuser", ["-u", ServiceUser, "--", binary, .. stop])
                        : CreateStartInfo(binary, stop));
                    if (process is not null)
                    {
                        process.BeginOutputReadLine();
                        process.BeginErrorReadLine();
                        process.WaitForExit(TimeSpan.FromSeconds(15));
                    }
                }

                DeleteDirectory(directory);
            }
            catch (IOException)
            {
                // Another process is cleaning up the same orphan; leave it to them.
            }
            catch (UnauthorizedAccessException)
            {
                // Someone else's directory.
            }
        }
    }

    private static bool ProcessExists(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void DeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover directory in the temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string Sanitize(string prefix)
    {
        var builder = new StringBuilder(prefix.Length);
        foreach (var c in prefix.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_')
            {
                builder.Append(c);
            }
        }

        var sanitized = builder.Length == 0 || char.IsDigit(builder[0]) ? "db" + builder : builder.ToString();
        return sanitized.Length <= 30 ? sanitized : sanitized[..30];
    }
}
