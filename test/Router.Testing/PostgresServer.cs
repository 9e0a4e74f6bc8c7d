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
/// <remarks>
/// The cluster lives on the RAM disk <c>/dev/shm</c> when it has room (a cluster and each new database write tens of
/// megabytes; on a busy disk that makes start-up several times slower), else under <see cref="Path.GetTempPath"/>;
/// <c>ROUTER_PG_TMPDIR</c> overrides both. A watchdog shell process stops the server and deletes its directory
/// once this process is gone, because the test host is killed a moment after <c>ProcessExit</c> starts.
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string SuperUser = "router";
    private const string DirectoryPrefix = "router-pg-";
    private const string OwnerFileName = "owner.pid";
    private const string RamDisk = "/dev/shm";
    private const long MinimumRamDiskFreeBytes = 2L << 30;

    private const string WatchdogScript = """
        exec </dev/null >/dev/null 2>&1
        while [ -d "/proc/$1" ]; do sleep 1; done
        "$2" -D "$3" -m immediate -w -t 10 stop
        rm -rf "$4"
        """;

    private static readonly Lazy<Task<PostgresServer>> Shared = new(() => StartCoreAsync(isShared: true, CancellationToken.None));

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly PostgresInstallation _installation;
    private readonly bool _isShared;
    private readonly EventHandler _onProcessExit;
    private Process? _watchdog;
    private PortReservation? _portWhileStopped;
    private bool _running;
    private bool _disposed;

    private PostgresServer(PostgresInstallation installation, string rootDirectory, int port, bool isShared)
    {
        _installation = installation;
        _isShared = isShared;
        RootDirectory = rootDirectory;
        Port = port;
        AdminConnectionString = ConnectionStringFor("postgres");
        _onProcessExit = (_, _) => OnProcessExit();
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

    /// <summary>How long the last start took; the first includes creating the cluster.</summary>
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
    /// <param name="prefix">The start of the database name, reduced to lower-case letters, digits and underscores. Default "test".</param>
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

    /// <summary>Stops the server (fast shutdown), keeping its data directory and port (held, refusing connections, until it starts again).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_running)
            {
                await _installation.RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], cancellationToken).ConfigureAwait(false);
                _running = false;

                // Until it starts again the port must stay this server's: another test's server or node choosing a free
                // port meanwhile would otherwise take it, and the restart would fail.
                try
                {
                    _portWhileStopped = PortReservation.Hold(Port);
                }
                catch (SocketException)
                {
                    // Taken already, in the moment since the server let go of it; the restart will say so.
                }
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
                ReleasePort();
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
                // The data is deleted next, so skip the shutdown checkpoint.
                await _installation.RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "60", "stop"]).ConfigureAwait(false);
                _running = false;
            }

            ReleasePort();
            await DeleteDirectoryAsync(RootDirectory).ConfigureAwait(false);
            StopWatchdog();
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<PostgresServer> StartCoreAsync(bool isShared, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The test PostgreSQL server runs on Linux only (it relies on /proc, runuser and Debian's PostgreSQL layout).");
        }

        var stopwatch = Stopwatch.StartNew();
        var installation = PostgresInstallation.Find();
        var baseDirectory = ChooseBaseDirectory();
        foreach (var candidate in new[] { baseDirectory, RamDisk, Path.GetTempPath() }.Where(Directory.Exists).Distinct())
        {
            RemoveOrphans(installation, candidate);
        }

        var root = Path.Combine(baseDirectory, DirectoryPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await File.WriteAllTextAsync(Path.Combine(root, OwnerFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);

        var server = new PostgresServer(installation, root, FreeLoopbackPort(), isShared);
        try
        {
            if (installation.RunAsServiceUser)
            {
                await PostgresInstallation.RunProcessAsync(
                    PostgresInstallation.CreateStartInfo("chown", ["-R", $"{PostgresInstallation.ServiceUser}:", root]),
                    cancellationToken).ConfigureAwait(false);
            }

            await installation.RunAsync(
                "initdb",
                ["-D", server.DataDirectory, "-U", SuperUser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"],
                cancellationToken).ConfigureAwait(false);
            server.StartWatchdog();
            AppDomain.CurrentDomain.ProcessExit += server._onProcessExit;
            await server.PgCtlStartAsync(cancellationToken).ConfigureAwait(false);
            server.LastStartDuration = stopwatch.Elapsed;
            return server;
        }
        catch
        {
            AppDomain.CurrentDomain.ProcessExit -= server._onProcessExit;
            server.StopWatchdog();
            await DeleteDirectoryAsync(root).ConfigureAwait(false);
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
            await _installation.RunAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", serverOptions, "start"], cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException exception)
        {
            throw new InvalidOperationException($"{exception.Message}{Environment.NewLine}Server log ({LogFile}):{Environment.NewLine}{ReadLogTail()}", exception);
        }

        _running = true;
    }

    private void ReleasePort()
    {
        _portWhileStopped?.Dispose();
        _portWhileStopped = null;
    }

    private void StartWatchdog()
    {
        var pgCtl = Path.Combine(_installation.BinDirectory, "pg_ctl");
        _watchdog = Process.Start(_installation.StartInfo(
            "sh",
            ["-c", WatchdogScript, "router-pg-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), pgCtl, DataDirectory, RootDirectory]));
    }

    private void StopWatchdog()
    {
        try
        {
            _watchdog?.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _watchdog?.Dispose();
        _watchdog = null;
    }

    /// <summary>
    /// The test host kills this process a moment after <c>ProcessExit</c> starts, too soon for <c>pg_ctl</c>: signal
    /// the postmaster directly (SIGQUIT, an immediate shutdown) and leave what remains to the watchdog.
    /// </summary>
    private void OnProcessExit()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
            if (File.Exists(pidFile) && File.ReadLines(pidFile).FirstOrDefault() is { } postmasterPid)
            {
                using var kill = Process.Start(PostgresInstallation.CreateStartInfo("kill", ["-QUIT", postmasterPid.Trim()]));
                kill?.WaitForExit(TimeSpan.FromSeconds(1));
            }
        }
        catch (Exception exception) when (exception is IOException or System.ComponentModel.Win32Exception)
        {
            // Best effort; the watchdog stops the server in any case.
        }
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

    private static string ChooseBaseDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("ROUTER_PG_TMPDIR");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        try
        {
            if (Directory.Exists(RamDisk) && new DriveInfo(RamDisk).AvailableFreeSpace >= MinimumRamDiskFreeBytes)
            {
                return RamDisk;
            }
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or UnauthorizedAccessException)
        {
            // Fall back to the temporary directory.
        }

        return Path.GetTempPath();
    }

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
    /// Deletes the directories of test processes that died along with their watchdog (a killed container, a
    /// <c>kill -9</c> of the whole tree). Only directories whose owner file names a process that is gone are touched.
    /// </summary>
    private static void RemoveOrphans(PostgresInstallation installation, string baseDirectory)
    {
        foreach (var directory in Directory.EnumerateDirectories(baseDirectory, DirectoryPrefix + "*"))
        {
            try
            {
                var ownerFile = Path.Combine(directory, OwnerFileName);
                if (!File.Exists(ownerFile)
                    || !int.TryParse(File.ReadAllText(ownerFile), NumberStyles.None, CultureInfo.InvariantCulture, out var owner)
                    || Directory.Exists($"/proc/{owner}"))
                {
                    continue;
                }

                var dataDirectory = Path.Combine(directory, "data");
                if (File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
                {
                    using var stop = Process.Start(installation.StartInfo("pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "-t", "10", "stop"]));
                    if (stop is not null)
                    {
                        stop.BeginOutputReadLine();
                        stop.BeginErrorReadLine();
                        stop.WaitForExit(TimeSpan.FromSeconds(15));
                    }
                }

                Directory.Delete(directory, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Another process is cleaning up the same orphan, or it is not ours to delete.
            }
        }
    }

    private static async Task DeleteDirectoryAsync(string directory)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < 10)
            {
                // The postmaster's last children may still be removing their files.
                await Task.Delay(50).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Best effort: the watchdog removes it when this process exits.
                return;
            }
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
